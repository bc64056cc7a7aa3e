import { Module } from '@nestjs/common';

import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ContactsImportService } from './contacts-import.service';

@Module({
  controllers: [ContactsController],
  providers: [ContactsRepository, ContactsService, ContactsImportService],
  exports: [ContactsService],
})
export class ContactsModule {}
