import { Global, Module } from '@nestjs/common';

import { HttpLimits } from './http-limits';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({ providers: [RateLimiter, HttpLimits], exports: [RateLimiter, HttpLimits] })
export class LimitsModule {}
