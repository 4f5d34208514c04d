import type { App, Services } from '../../../http/context.js';
import { listCustomers } from '../../../services/customers.js';
import { registerBareList } from '../bare-list.js';
import { CertoPayCustomer, customerJson, TAG_CUSTOMERS } from '../schema.js';

export default function registerListCustomers(app: App, services: Services) {
  registerBareList(app, services, {
    path: '/api/customers',
    operationId: 'listCustomers',
    tag: TAG_CUSTOMERS,
    noun: 'customers',
    item: CertoPayCustomer,
    list: (db, actor, page) => listCustomers(db, actor, {}, page),
    render: customerJson,
  });
}
