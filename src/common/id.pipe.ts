import { Injectable, PipeTransform } from '@nestjs/common';

import { notFound } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not even a UUID cannot name anything: 404, like any other unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw notFound('The resource');
    return value.toLowerCase();
  }
}

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
