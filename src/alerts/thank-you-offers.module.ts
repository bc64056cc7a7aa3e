import { Global, Module } from '@nestjs/common';

import { THANK_YOU_OFFERS } from '../responses/thank-you-offer';
import { AlertsModule } from './alerts.module';
import { PromoterLinksService } from './promoter-links.service';

/** Promoter invitations as the thank-you page's offer, for the survey page without depending on alerts. */
@Global()
@Module({
  imports: [AlertsModule],
  providers: [{ provide: THANK_YOU_OFFERS, useExisting: PromoterLinksService }],
  exports: [THANK_YOU_OFFERS],
})
export class ThankYouOffersModule {}
