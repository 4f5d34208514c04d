import type { App, Services } from '../../../http/context.js';
import { listOrders } from '../../../services/orders.js';
import { registerBareList } from '../bare-list.js';
import { CertoPayOrder, orderJson, TAG_ORDERS } from '../schema.js';

export default function registerListOrders(app: App, services: Services) {
  registerBareList(app, services, {
    path: '/api/orders',
    operationId: 'listOrders',
    tag: TAG_ORDERS,
    noun: 'orders',
    item: CertoPayOrder,
    list: (db, actor, page) => listOrders(db, actor, {}, page),
    render: orderJson,
  });
}
