import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';

import { RouteAccess, routeAccess } from '../../src/workspaces/access';
import { joinRoutePath } from '../../src/workspaces/audit-action';
import type { TestApp } from './test-app';

/** One route Nest registered: its method and path (`/v1/alerts/:id`), handler, and what it declared. */
export interface RegisteredRoute {
  method: string;
  path: string;
  access: RouteAccess | undefined;
  handler: () => void;
  controller: new (...args: never[]) => unknown;
}

/** Every route Nest registered, with what it declared. */
export function registeredRoutes(t: TestApp): RegisteredRoute[] {
  const reflector = t.app.get(Reflector);
  const routes: RegisteredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & (new (...a: never[]) => unknown);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as () => void;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const paths = [Reflect.getMetadata(PATH_METADATA, handler)].flat() as string[];
        for (const path of paths)
          routes.push({
            method: RequestMethod[method],
            path: joinRoutePath(Reflect.getMetadata(PATH_METADATA, controller) as string, path),
            access: routeAccess(reflector, handler, controller),
            handler,
            controller,
          });
      }
    }
  }
  return routes;
}
