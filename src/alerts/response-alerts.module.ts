import { Global, Module } from '@nestjs/common';

import { RESPONSE_ALERTS } from '../responses/response-alerts';
import { AlertsModule } from './alerts.module';
import { ResponseAlertsService } from './response-alerts.service';

/** The alerts on a response, for the response page without responses depending on alerts. */
@Global()
@Module({
  imports: [AlertsModule],
  providers: [{ provide: RESPONSE_ALERTS, useExisting: ResponseAlertsService }],
  exports: [RESPONSE_ALERTS],
})
export class ResponseAlertsModule {}
