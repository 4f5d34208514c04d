import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { DatabaseError, openDb, type Db } from '../src/store/db.js';
import { openTestDb, startTestApp, TEST_STORE, type TestApp } from './helpers.js';

/**
 * No personal data reaches the log through a database error: whatever the server or the driver says about a
 * failed statement (its text, its parameters, the failing row, a message quoting the input), what leaves the
 * store is the SQLSTATE, the constraint and the table.
 */

const NAME = 'Maria Aparecida Privacy';
const EMAIL = 'maria.privacy@example.com';
const CPF = '52998224725';
/** Spelled as the client sends it; the store keeps the digits. */
const CPF_TYPED = '529.982.247-25';
const PERSONAL = [NAME, EMAIL, CPF, CPF_TYPED];

/** Every way an error can be written down: pino's err serializer (what the log holds), inspect, JSON, its stack. */
function renderings(error: unknown): string[] {
  return [JSON.stringify(pino.stdSerializers.err(error as Error)), inspect(error, { depth: 10 }), JSON.stringify(error), String(error), (error as Error).stack ?? ''];
}

function expectNone(texts: string[], secrets: string[]) {
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe(`database errors in the request log (${TEST_STORE})`, () => {
  let t: TestApp;
  let app: App;
  let db: Db;
  const log: string[] = [];

  // The test app's store and services, served by a second app that logs to memory as the service does.
  beforeAll(async () => {
    t = await startTestApp();
    db = t.db;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log.push(chunk.toString('utf8'));
        done();
      },
    });
    ({ app } = await buildApp(t.services, pino({ level: 'info' }, stream)));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const createCustomer = () =>
    app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { authorization: `Bearer ${t.merchant.token}` },
      payload: { name: NAME, email: EMAIL, tax_id: { type: 'br_cpf', value: CPF_TYPED } },
    });

  // Each case makes inserting this customer fail in the database, in a way whose server error quotes it.
  const cases: Array<{ kind: string; code: string; setUp: string; tearDown: string; first?: 'succeeds' }> = [
    {
      kind: 'check violation (the failing row in detail)',
      code: '23514',
      setUp: 'ALTER TABLE customers ADD CONSTRAINT privacy_refused CHECK (false) NOT VALID',
      tearDown: 'ALTER TABLE customers DROP CONSTRAINT privacy_refused',
    },
    {
      kind: 'unique violation (the key in detail)',
      code: '23505',
      setUp: 'CREATE UNIQUE INDEX privacy_one_email ON customers (email)',
      tearDown: 'DROP INDEX privacy_one_email; DELETE FROM events; DELETE FROM customers',
      first: 'succeeds',
    },
    {
      kind: 'an exception raised with the values in its message, detail and hint',
      code: 'P0001',
      setUp: `CREATE FUNCTION privacy_raise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                RAISE EXCEPTION 'refused %', NEW.name USING DETAIL = NEW.email, HINT = NEW.tax_id; END $$;
              CREATE TRIGGER privacy_raise BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION privacy_raise()`,
      tearDown: 'DROP TRIGGER privacy_raise ON customers; DROP FUNCTION privacy_raise()',
    },
    {
      kind: 'invalid text representation (the input in the message)',
      code: '22P02',
      setUp: `CREATE FUNCTION privacy_cast() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                PERFORM NEW.email::uuid; RETURN NEW; END $$;
              CREATE TRIGGER privacy_cast BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION privacy_cast()`,
      tearDown: 'DROP TRIGGER privacy_cast ON customers; DROP FUNCTION privacy_cast()',
    },
  ];

  it.each(cases)('POST /v1/customers failing on a $kind answers 500 and logs its code, never the customer', async ({ code, setUp, tearDown, first }) => {
    await db.exec(setUp);
    try {
      if (first) expect((await createCustomer()).statusCode).toBe(201);
      log.length = 0;
      const res = await createCustomer();
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain(EMAIL);
      expectNone(log, PERSONAL);
      const failed = log.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
      expect(failed?.err).toMatchObject({ type: 'DatabaseError', code });
    } finally {
      await db.exec(tearDown);
    }
  });
});

describe(`every database error leaving the store (${TEST_STORE})`, () => {
  let db: Db;
  let drop: () => Promise<void>;
  // Statement text is the caller's, not the customer's, but it names what was looked for; none of it is kept.
  const SQL_MARK = 'privacy_sql_text_mark';

  beforeAll(async () => {
    ({ db, drop } = await openTestDb());
    await db.exec(`
      CREATE TABLE privacy_parent (email text PRIMARY KEY);
      CREATE TABLE privacy_probe (
        email text UNIQUE,
        name text NOT NULL CHECK (length(name) < 5),
        tax_id varchar(5),
        parent_email text REFERENCES privacy_parent
      );
      CREATE TABLE privacy_deferred (email text UNIQUE DEFERRABLE INITIALLY DEFERRED);
      CREATE FUNCTION privacy_raise(text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', $1 USING DETAIL = $1; END $$;
      INSERT INTO privacy_parent VALUES ('someone@example.com');
      INSERT INTO privacy_probe (email, name) VALUES ('${EMAIL}', 'Ana');
    `);
  });
  afterAll(() => drop?.());

  const insert = `INSERT INTO privacy_probe (email, name, tax_id, parent_email) VALUES ($1, $2, $3, $4) /* ${SQL_MARK} */`;
  const cases: Array<{ kind: string; code: string; table?: string; constraint?: string; run(db: Db): Promise<unknown> }> = [
    { kind: 'unique violation', code: '23505', table: 'privacy_probe', constraint: 'privacy_probe_email_key', run: (d) => d.query(insert, [EMAIL, 'Ana', null, null]) },
    { kind: 'foreign key violation', code: '23503', table: 'privacy_probe', constraint: 'privacy_probe_parent_email_fkey', run: (d) => d.query(insert, [null, 'Ana', null, EMAIL]) },
    { kind: 'check violation', code: '23514', table: 'privacy_probe', constraint: 'privacy_probe_name_check', run: (d) => d.query(insert, [EMAIL.toUpperCase(), NAME, CPF.slice(0, 5), null]) },
    { kind: 'not-null violation', code: '23502', table: 'privacy_probe', run: (d) => d.query(insert, [`x${EMAIL}`, null, CPF.slice(0, 5), null]) },
    { kind: 'string too long', code: '22001', run: (d) => d.query(insert, [`y${EMAIL}`, 'Ana', CPF, null]) },
    { kind: 'invalid text representation', code: '22P02', run: (d) => d.query(`SELECT $1::uuid, $2::text /* ${SQL_MARK} */`, [EMAIL, NAME]) },
    { kind: 'invalid json', code: '22P02', run: (d) => d.query(`SELECT $1::jsonb /* ${SQL_MARK} */`, [`{"email": ${EMAIL}}`]) },
    { kind: 'invalid datetime', code: '22007', run: (d) => d.query(`SELECT $1::timestamptz /* ${SQL_MARK} */`, [NAME]) },
    { kind: 'numeric out of range', code: '22003', run: (d) => d.query(`SELECT $1::int, $2::text /* ${SQL_MARK} */`, [CPF, EMAIL]) },
    { kind: 'undefined table', code: '42P01', run: (d) => d.query(`SELECT * FROM privacy_missing WHERE email = $1 /* ${SQL_MARK} */`, [EMAIL]) },
    { kind: 'undefined column', code: '42703', run: (d) => d.query(`SELECT missing FROM privacy_probe WHERE email = $1 /* ${SQL_MARK} */`, [EMAIL]) },
    { kind: 'syntax error', code: '42601', run: (d) => d.query(`SELEC $1 /* ${SQL_MARK} */`, [EMAIL]) },
    { kind: 'raised exception', code: 'P0001', run: (d) => d.query(`SELECT privacy_raise($1) /* ${SQL_MARK} */`, [EMAIL]) },
    { kind: 'failing statement in exec', code: '23514', table: 'privacy_probe', run: (d) => d.exec(`INSERT INTO privacy_probe (email, name) VALUES ('${EMAIL.toUpperCase()}', '${NAME}') /* ${SQL_MARK} */`) },
    {
      kind: 'failing statement in a transaction',
      code: '23505',
      table: 'privacy_probe',
      run: (d) => d.transaction((tx) => tx.query(insert, [EMAIL, 'Ana', null, null])),
    },
    {
      kind: 'deferred unique violation at COMMIT',
      code: '23505',
      table: 'privacy_deferred',
      run: (d) =>
        d.transaction(async (tx) => {
          await tx.query(`INSERT INTO privacy_deferred VALUES ($1), ($1) /* ${SQL_MARK} */`, [EMAIL]);
        }),
    },
  ];

  it.each(cases)('$kind: a DatabaseError with code $code, holding no parameter and no SQL text', async ({ code, table, constraint, run }) => {
    const error = await run(db).then(
      () => expect.unreachable('the statement should fail'),
      (e: unknown) => e,
    );
    expectNone(renderings(error), [...PERSONAL, CPF.slice(0, 5), EMAIL.toUpperCase(), SQL_MARK]);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code, ...(table ? { table } : {}), ...(constraint ? { constraint } : {}) });
  });

  it('an error thrown by the work of a transaction passes through unchanged', async () => {
    const own = new Error('the caller’s own error');
    await expect(db.transaction(() => Promise.reject(own))).rejects.toBe(own);
  });

  it('a store that cannot answer (closed, or no server) fails with a DatabaseError holding no parameter', async () => {
    if (TEST_STORE === 'postgres') {
      // No server: opening says so in one sentence, without the URL's password.
      const error = await openDb({ databaseUrl: 'postgres://postgres:s3cret-pw@127.0.0.1:1/test', poolSize: 1 }).catch((e: unknown) => e);
      expectNone(renderings(error), ['s3cret-pw']);
      expect(error).toMatchObject({ message: 'cannot reach PostgreSQL at 127.0.0.1:1 from DATABASE_URL: connection refused' });
      return;
    }
    const closed = await openDb({ dataDir: 'memory://' });
    await closed.close();
    const error = await closed.query(`SELECT $1::text /* ${SQL_MARK} */`, [EMAIL]).catch((e: unknown) => e);
    expectNone(renderings(error), [EMAIL, SQL_MARK]);
    expect(error).toBeInstanceOf(DatabaseError);
  });

});
