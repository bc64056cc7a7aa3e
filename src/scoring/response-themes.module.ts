import { Global, Module } from '@nestjs/common';

import { RESPONSE_THEMES } from '../responses/response-themes';
import { ScoringModule } from './scoring.module';
import { ThemeCorrectionsService } from './theme-corrections.service';

/** One response's corrected themes, for the response page without responses depending on scoring. */
@Global()
@Module({
  imports: [ScoringModule],
  providers: [{ provide: RESPONSE_THEMES, useExisting: ThemeCorrectionsService }],
  exports: [RESPONSE_THEMES],
})
export class ResponseThemesModule {}
