import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';

import { badRequest, tooManyRequests } from '../common/problem';
import { AnyQueryParams } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Public, SignedIn } from './access';
import { AuditLogService } from './audit-log.service';
import { CurrentPrincipal, Principal, UserPrincipal } from './principal';
import { SESSION_COOKIE, sessionCookieOptions } from './session-secret';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { SIGN_IN_LINK_MS } from './sign-in-links.service';
import {
  continuePage,
  linkSentPage,
  pageLocale,
  refusedLinkPage,
  SIGN_IN_PAGE_POLICY,
  signInFormPage,
  tooManyPage,
} from './sign-in-pages';

const signInBody = z.object({ email: z.string().trim().max(320).pipe(z.email('Expected an email address')) });

const isForm = (req: Request) => Boolean(req.is('application/x-www-form-urlencoded'));

/**
 * Signing in with a one-time link sent by email, and out. Outside /v1: these are the browser's
 * steps around the API, answered with pages where a person reads the answer.
 */
@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @AnyQueryParams()
  @Get('sign-in')
  @ApiExcludeEndpoint()
  form(@Headers('accept-language') lang: string | undefined, @Res() res: Response) {
    res
      .status(200)
      .type('html')
      .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY)
      .setHeader('cache-control', 'no-store');
    res.send(signInFormPage(pageLocale(null, lang)));
  }

  @Public()
  @Post('sign-in')
  @ApiOperation({ operationId: 'requestSignInLink', summary: 'Email a one-time sign-in link' })
  @HttpCode(202)
  @ApiZod({
    body: signInBody,
    response: z.object({ status: z.literal('accepted'), detail: z.string() }),
    status: 202,
    description:
      'Emails a one-time sign-in link (15 minutes) to the address if it belongs to a user. Always 202, whether it does or not; 429 over the per-address or per-IP limit.',
  })
  async request(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { email } = parseBody(signInBody, body);
    const locale = pageLocale(null, req.headers['accept-language']);
    const wait = await this.signIn.admit(email, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (wait !== null) {
      res.setHeader('retry-after', String(wait));
      if (isForm(req))
        return void res
          .status(429)
          .type('html')
          .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY)
          .send(tooManyPage(locale));
      throw tooManyRequests('Too many sign-in requests. Wait a while and try again.');
    }
    this.signIn.requestLinks(email, locale);
    const minutes = SIGN_IN_LINK_MS / 60_000;
    if (isForm(req))
      return void res
        .status(202)
        .type('html')
        .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY)
        .send(linkSentPage(locale, minutes));
    res.status(202).json({
      status: 'accepted',
      detail: `If the address belongs to a user, a sign-in link is on its way. It works once, for ${minutes} minutes.`,
    });
  }

  /** The link in the email: a page with one button that signs in, or a page saying why it cannot. */
  @Public()
  @AnyQueryParams()
  @Get('callback')
  @ApiExcludeEndpoint()
  async open(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response) {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    const secret = typeof token === 'string' ? token : '';
    const link = await this.signIn.peek(secret);
    const locale = pageLocale(link.locale, req.headers['accept-language']);
    if (!link.ok)
      return void res
        .status(link.reason === 'invalid' ? 400 : 410)
        .type('html')
        .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY)
        .send(refusedLinkPage(locale, link.reason));
    res
      .status(200)
      .type('html')
      .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY)
      .send(continuePage(locale, secret, link.email));
  }

  /** The button on that page: the link is used, a session and its cookie, then the console. */
  @Public()
  @AnyQueryParams()
  @Post('callback')
  @ApiExcludeEndpoint()
  async callback(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    res.setHeader('cache-control', 'no-store');
    const token = (body as { token?: unknown } | undefined)?.token;
    const result = await this.signIn.consume(typeof token === 'string' ? token : '', req.headers['user-agent'] ?? null);
    if (!result.ok) {
      const locale = pageLocale(result.locale, req.headers['accept-language']);
      res
        .status(result.reason === 'invalid' ? 400 : 410)
        .type('html')
        .setHeader('content-security-policy', SIGN_IN_PAGE_POLICY);
      return void res.send(refusedLinkPage(locale, result.reason));
    }
    res.cookie(SESSION_COOKIE, result.secret, sessionCookieOptions(this.config.publicBaseUrl, result.maxAgeMs));
    res.redirect(303, '/app');
  }

  @SignedIn({ sessionOnly: true })
  @Post('sign-out')
  @ApiOperation({ operationId: 'signOut', summary: 'Sign out this session' })
  @HttpCode(204)
  @ApiZod({ description: 'Ends this session (send x-csrf-token) and clears its cookie.' })
  async signOut(@CurrentPrincipal() who: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    const user = sessionUser(who);
    await this.sessions.signOut(user.sessionId);
    await this.audit.record(user, { action: 'auth.sign-out', target: { type: 'users', id: user.userId } });
    this.clearCookie(res);
  }

  @SignedIn({ sessionOnly: true })
  @Post('sign-out-everywhere')
  @ApiOperation({ operationId: 'signOutEverywhere', summary: 'Sign out on every device' })
  @HttpCode(200)
  @ApiZod({
    response: z.object({ sessionsEnded: z.number().int() }),
    description: 'Ends every session of the signed-in person, on every device (send x-csrf-token).',
  })
  async signOutEverywhere(@CurrentPrincipal() who: Principal, @Res({ passthrough: true }) res: Response) {
    const user = sessionUser(who);
    const sessionsEnded = await this.sessions.signOutEverywhere(user.userId);
    await this.audit.record(user, {
      action: 'auth.sign-out-everywhere',
      target: { type: 'users', id: user.userId },
      details: { sessionsEnded },
    });
    this.clearCookie(res);
    return { sessionsEnded };
  }

  private clearCookie(res: Response): void {
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config.publicBaseUrl, 0);
    res.clearCookie(SESSION_COOKIE, options);
  }
}

function sessionUser(who: Principal): UserPrincipal {
  if (who.kind !== 'user') throw badRequest('An API key has no session to end: revoke the key instead.');
  return who;
}
