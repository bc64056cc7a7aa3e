import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { AnyQueryParams } from '../common/query-params';
import { LimitPerClient } from '../limits/http-limits';
import { Public } from '../workspaces/auth.guard';
import { PAGE_CONTENT_SECURITY_POLICY } from './page-layout';
import { Page, SurveyPageService } from './survey-page.service';

/**
 * The respondent-facing pages: the survey itself and the unsubscribe link. No API key; limited
 * per client address instead, which keeps anyone from trying token after token.
 */
@ApiExcludeController()
@Public()
@AnyQueryParams()
@LimitPerClient('survey-page')
@Controller()
export class SurveyPageController {
  constructor(private readonly pages: SurveyPageService) {}

  @Get('s/:token')
  async show(
    @Param('token') token: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept-language') lang: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.pages.show(token, query, lang));
  }

  @Post('s/:token')
  async submit(
    @Param('token') token: string,
    @Body() form: Record<string, unknown>,
    @Headers('accept-language') lang: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.pages.submit(token, form ?? {}, lang));
  }

  @Get('u/:token')
  async unsubscribePage(
    @Param('token') token: string,
    @Headers('accept-language') lang: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.pages.unsubscribePage(token, lang));
  }

  /** RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here; the page's button posts the same. */
  @Post('u/:token')
  async unsubscribe(
    @Param('token') token: string,
    @Headers('accept-language') lang: string | undefined,
    @Res() res: Response,
  ) {
    send(res, await this.pages.unsubscribe(token, lang));
  }
}

function send(res: Response, page: Page): void {
  res
    .status(page.status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY,
    })
    .send(page.html);
}
