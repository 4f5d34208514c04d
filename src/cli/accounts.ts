import { AppError } from '../domain/errors.js';
import { createBranch, createMerchant, createStore, createUser, renameBranch, renameMerchant, renameStore } from '../services/accounts.js';
import { randomPassword } from '../services/credentials.js';
import { disableUser, enableUser } from '../services/users.js';
import * as accounts from '../store/accounts.sql.js';
import { isUniqueViolation } from '../store/db.js';
import { optionalId, parseId, readPasswordFromStdin, requiredEmail, requiredId, requiredRole, requiredString, type OptionValues } from './args.js';
import { command, flag, requireMerchant, str, type Command } from './command.js';
import { branchView, list, merchantView, storeView, table, userView } from './output.js';

/** Tenancy and people: merchants, their stores and branches, and the users who sign in. */
export const ACCOUNT_COMMANDS: Command[] = [
  command({
    name: 'merchants create',
    args: '--name <name>',
    summary: 'Create a merchant (a tenant: its own stores, users, keys and data)',
    options: { name: str },
    prepare: (v) => ({ name: requiredString(v, 'name') }),
    run: async ({ name }, { db, clock }) => {
      const view = merchantView(await createMerchant(db, clock, name));
      return { json: view, text: `Created merchant ${view.id} "${view.name}"` };
    },
  }),
  command({
    name: 'merchants list',
    readOnly: true,
    args: '',
    summary: 'List merchants',
    options: {},
    prepare: () => null,
    run: async (_, { db }) => {
      const rows = (await accounts.listMerchants(db)).map(merchantView);
      return list(rows, table(['ID', 'NAME', 'CREATED'], rows.map((m) => [m.id, m.name, m.created_at]), 'No merchants.'));
    },
  }),
  command({
    name: 'merchants rename',
    args: '<merchant-id> --name <name>',
    summary: 'Rename a merchant',
    options: { name: str },
    positionals: ['merchant-id'],
    prepare: (v, [id]) => ({ merchantId: parseId('merchant', id!, 'argument <merchant-id>'), name: requiredString(v, 'name') }),
    run: async ({ merchantId, name }, { db }) => {
      const view = merchantView(await renameMerchant(db, merchantId, name));
      return { json: view, text: `Renamed merchant ${view.id} to "${view.name}"` };
    },
  }),

  command({
    name: 'stores create',
    args: '--merchant <id> --name <name>',
    summary: "Create a store in a merchant",
    options: { merchant: str, name: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), name: requiredString(v, 'name') }),
    run: async ({ merchantId, name }, { db, clock }) => {
      const view = storeView(await createStore(db, clock, merchantId, name));
      return { json: view, text: `Created store ${view.id} "${view.name}" in merchant ${view.merchant}` };
    },
  }),
  command({
    name: 'stores list',
    readOnly: true,
    args: '--merchant <id>',
    summary: "List a merchant's stores",
    options: { merchant: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant') }),
    run: async ({ merchantId }, { db }) => {
      await requireMerchant(db, merchantId);
      const rows = (await accounts.listStores(db, merchantId)).map(storeView);
      return list(rows, table(['ID', 'NAME', 'CREATED'], rows.map((s) => [s.id, s.name, s.created_at]), 'No stores.'));
    },
  }),
  command({
    name: 'stores rename',
    args: '--merchant <id> <store-id> --name <name>',
    summary: 'Rename a store',
    options: { merchant: str, name: str },
    positionals: ['store-id'],
    prepare: (v, [id]) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      storeId: parseId('store', id!, 'argument <store-id>'),
      name: requiredString(v, 'name'),
    }),
    run: async ({ merchantId, storeId, name }, { db }) => {
      const view = storeView(await renameStore(db, merchantId, storeId, name));
      return { json: view, text: `Renamed store ${view.id} to "${view.name}"` };
    },
  }),

  command({
    name: 'branches create',
    args: '--merchant <id> --store <id> --name <name>',
    summary: 'Create a branch in a store',
    options: { merchant: str, store: str, name: str },
    prepare: (v) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      storeId: requiredId(v, 'store', 'store'),
      name: requiredString(v, 'name'),
    }),
    run: async ({ merchantId, storeId, name }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const view = branchView(await createBranch(db, clock, merchantId, storeId, name));
      return { json: view, text: `Created branch ${view.id} "${view.name}" in store ${view.store}` };
    },
  }),
  command({
    name: 'branches list',
    readOnly: true,
    args: '--merchant <id>',
    summary: "List a merchant's branches",
    options: { merchant: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant') }),
    run: async ({ merchantId }, { db }) => {
      await requireMerchant(db, merchantId);
      const rows = (await accounts.listBranches(db, merchantId)).map(branchView);
      return list(rows, table(['ID', 'STORE', 'NAME', 'CREATED'], rows.map((b) => [b.id, b.store, b.name, b.created_at]), 'No branches.'));
    },
  }),
  command({
    name: 'branches rename',
    args: '--merchant <id> <branch-id> --name <name>',
    summary: 'Rename a branch',
    options: { merchant: str, name: str },
    positionals: ['branch-id'],
    prepare: (v, [id]) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      branchId: parseId('branch', id!, 'argument <branch-id>'),
      name: requiredString(v, 'name'),
    }),
    run: async ({ merchantId, branchId, name }, { db }) => {
      const view = branchView(await renameBranch(db, merchantId, branchId, name));
      return { json: view, text: `Renamed branch ${view.id} to "${view.name}"` };
    },
  }),

  command({
    name: 'users create',
    args: '--merchant <id> --email <email> --role owner|store|branch [--store <id>] [--branch <id>] [--password-stdin]',
    summary: 'Create a user who signs in at POST /v1/auth/token (a password is generated unless piped with --password-stdin)',
    options: { merchant: str, email: str, role: str, store: str, branch: str, 'password-stdin': flag },
    prepare: async (v, _, io) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      email: requiredEmail(v, 'email'),
      role: requiredRole(v),
      storeId: optionalId(v, 'store', 'store'),
      branchId: optionalId(v, 'branch', 'branch'),
      password: v['password-stdin'] ? await readPasswordFromStdin(io.stdin, io.stderr) : null,
    }),
    run: async (input, { db, clock }) => {
      const password = input.password ?? randomPassword();
      let user: accounts.UserRecord;
      try {
        user = await createUser(db, clock, { ...input, password });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', `This merchant already has a user with the email ${input.email}`);
        throw error;
      }
      const view = userView(user);
      const place = view.branch ? ` in branch ${view.branch}` : view.store ? ` in store ${view.store}` : '';
      const created = `Created ${view.role} user ${view.id} <${view.email}>${place}`;
      if (input.password) return { json: view, text: created };
      return {
        json: { ...view, password },
        text: `${created}\n\nGenerated password (shown once; store it now, it cannot be shown again):\n\n    ${password}\n`,
      };
    },
  }),
  command({
    name: 'users list',
    readOnly: true,
    args: '--merchant <id>',
    summary: "List a merchant's users",
    options: { merchant: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant') }),
    run: async ({ merchantId }, { db }) => {
      await requireMerchant(db, merchantId);
      const rows = (await accounts.listUsers(db, merchantId)).map(userView);
      const text = table(
        ['ID', 'EMAIL', 'ROLE', 'STORE', 'BRANCH', 'CREATED', 'DISABLED'],
        rows.map((u) => [u.id, u.email, u.role, u.store, u.branch, u.created_at, u.disabled_at]),
        'No users.',
      );
      return list(rows, text);
    },
  }),
  command({
    name: 'users disable',
    args: '--merchant <id> <user-id>',
    summary: 'Disable a user: sign-in is refused and its sessions are revoked (servers may accept its access tokens for up to 10 s from their cache)',
    options: { merchant: str },
    positionals: ['user-id'],
    prepare: userArgs,
    run: async ({ merchantId, userId }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const { user, revokedSessions } = await disableUser(db, clock, merchantId, userId);
      const view = userView(user);
      return {
        json: { ...view, revoked_sessions: revokedSessions },
        text: `Disabled user ${view.id} <${view.email}> at ${view.disabled_at}; revoked ${revokedSessions} session${revokedSessions === 1 ? '' : 's'}.`,
      };
    },
  }),
  command({
    name: 'users enable',
    args: '--merchant <id> <user-id>',
    summary: 'Let a disabled user sign in again (the sessions revoked when it was disabled stay revoked)',
    options: { merchant: str },
    positionals: ['user-id'],
    prepare: userArgs,
    run: async ({ merchantId, userId }, { db }) => {
      await requireMerchant(db, merchantId);
      const view = userView(await enableUser(db, merchantId, userId));
      return { json: view, text: `Enabled user ${view.id} <${view.email}>: it can sign in again.` };
    },
  }),
];

function userArgs(values: OptionValues, [userId]: string[]) {
  return { merchantId: requiredId(values, 'merchant', 'merchant'), userId: parseId('user', userId!, 'argument <user-id>') };
}
