import type { Config } from '../config.js';
import type { PaymentMethod } from '../domain/orders.js';
import { SANDBOX_PROVIDER, type RailAccount } from '../domain/payment-settings.js';
import type { Connector, Rail } from './connector.js';
import { arPspConnector } from './ar-transfer-qr/provider-api.js';
import { arTransferQrRail } from './ar-transfer-qr/rail.js';
import { apiBoletoConnector } from './boleto/provider-api-boleto.js';
import { boletoRail } from './boleto/rail.js';
import { cardRail } from './card/rail.js';
import { usdtRail } from './usdt-trc20/rail.js';
import { apiPixConnector } from './pix/provider-api-pix.js';
import { pixRail } from './pix/rail.js';
import type { SandboxConnector } from './sandbox.js';

/** Every rail the service offers, one line each: a new rail is its folder and a line here. */
function rails(config: Config): Rail[] {
  return [
    pixRail(config.pixApi ? [apiPixConnector(config.pixApi, config.publicBaseUrl)] : []),
    boletoRail(config.boletoApi ? [apiBoletoConnector(config.boletoApi, config.publicBaseUrl)] : []),
    arTransferQrRail(config.arTransferQr, config.arTransferQr.api ? [arPspConnector(config.arTransferQr.api)] : []),
    usdtRail(config.usdt),
    cardRail(config),
  ];
}

export class RailRegistry {
  private readonly byMethod: Map<PaymentMethod, Rail>;

  constructor(readonly all: readonly Rail[]) {
    this.byMethod = new Map(all.map((rail) => [rail.method, rail]));
  }

  rail(method: PaymentMethod): Rail | undefined {
    return this.byMethod.get(method);
  }

  connector(method: PaymentMethod, provider: string): Connector | undefined {
    return this.byMethod.get(method)?.connectors.find((c) => c.provider === provider);
  }

  /** The rail's sandbox provider, which the test helpers act through. */
  sandbox(method: PaymentMethod): SandboxConnector | undefined {
    const connector = this.connector(method, SANDBOX_PROVIDER);
    return connector && 'simulate' in connector ? (connector as SandboxConnector) : undefined;
  }

  /** Test mode's accounts before the merchant sets any: every rail on its sandbox. */
  sandboxAccounts(merchantId: string): Partial<Record<PaymentMethod, RailAccount>> {
    return Object.fromEntries(this.all.map((rail) => [rail.method, rail.sandboxAccount(merchantId)]));
  }
}

const registries = new WeakMap<Config, RailRegistry>();

/** The rails for a configuration (real providers take their URLs and credentials from it), made once per configuration. */
export function railRegistry(config: Config): RailRegistry {
  let registry = registries.get(config);
  if (!registry) registries.set(config, (registry = new RailRegistry(rails(config))));
  return registry;
}
