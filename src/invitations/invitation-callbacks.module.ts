import { Global, Module } from '@nestjs/common';

import { MACHINE_VERDICTS } from '../policy/machine-verdicts';
import { CallStatusService } from './call-status.service';
import { InvitationsModule } from './invitations.module';
import { TwilioStatusRouter } from './twilio-status.router';

/**
 * What is reported back about sent invitations: Twilio's status callbacks (answered ahead of
 * Express, see bootstrap.ts) and the phone survey's answering-machine verdicts, which replies
 * give through MACHINE_VERDICTS without depending on invitations.
 */
@Global()
@Module({
  imports: [InvitationsModule],
  providers: [TwilioStatusRouter, { provide: MACHINE_VERDICTS, useExisting: CallStatusService }],
  exports: [MACHINE_VERDICTS],
})
export class InvitationCallbacksModule {}
