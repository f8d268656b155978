/**
 * Console users in tests: made as the CLI makes them, signed in through
 * the API with a cookie-keeping agent, as a browser would.
 */
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { CLI_ACTOR } from '../../src/audit/audit.service.ts';
import type { Role } from '../../src/users/roles.ts';
import { createUser } from '../../src/users/users.service.ts';
import type { TestApp } from './app.ts';

let userCounter = 0;

export interface ConsoleUser {
  readonly name: string;
  readonly password: string;
}

/** A new user with a one-time password, as `cli user create` makes one. */
export async function makeUser(app: TestApp, role: Role, name = `${role}${process.pid}x${++userCounter}`): Promise<ConsoleUser> {
  const { user, password } = await createUser(app.db, { actor: CLI_ACTOR }, { name, role });
  return { name: user.name, password };
}

export interface SignedIn {
  /** Keeps the session cookie, like a browser. */
  readonly agent: supertest.Agent;
  readonly csrfToken: string;
  readonly cookie: string;
  readonly password: string;
}

/** Signs in; returns the agent holding the cookie and the session's CSRF token. */
export async function signIn(app: TestApp, user: ConsoleUser): Promise<SignedIn> {
  const agent = app.http();
  const response = await agent.post('/api/console/session').send({ name: user.name, password: user.password });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const cookie = String(response.headers['set-cookie']?.[0] ?? '');
  return { agent, csrfToken: response.body.value.csrfToken as string, cookie, password: user.password };
}

/** A user of `role` who signed in and set their own password: ready to work. */
export async function signedInAs(app: TestApp, role: Role): Promise<SignedIn & { readonly name: string }> {
  const user = await makeUser(app, role);
  const session = await signIn(app, user);
  const password = `${user.name}-own-password`;
  const changed = await session.agent
    .post('/api/console/session/password')
    .set('X-CSRF-Token', session.csrfToken)
    .send({ currentPassword: user.password, newPassword: password });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  return { ...session, password, name: user.name };
}
