import QRCode from 'qrcode';
import { systemClock } from '../../clock.js';
import type { UsdtConfig } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Payment } from '../../domain/payments.js';
import type { Rail } from '../connector.js';
import { checkUsdtAccount, sandboxUsdtAccount, usdtAccountSchema } from './account.js';
import { isTronAddress } from './address.js';
import { tronGridClient, type ChainClient } from './chain.js';
import { TRONGRID_PROVIDER, usdtConnector } from './connector.js';
import { checkTrc20Address } from './refund-destination.js';
import { FakeTronChain } from './fake-chain.js';

const SYMBOL = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The QR holds the bare address, which every Tron wallet scans; the amount and network are in the instructions. */
function addressOf(payment: Payment): string {
  const address = payment.instructions?.address;
  if (typeof address !== 'string' || !isTronAddress(address)) throw new AppError('resource_missing', 'This payment has no deposit address');
  return address;
}

const chains = new WeakMap<UsdtConfig, FakeTronChain>();

/** The sandbox's in-process chain of a configuration, one per configuration (so per service). */
export function sandboxChainOf(config: UsdtConfig): FakeTronChain {
  let chain = chains.get(config);
  if (!chain) chains.set(config, (chain = new FakeTronChain(systemClock)));
  return chain;
}

/** The chains the watcher scans, by provider: the sandbox's always, TronGrid when configured. */
export function usdtNetworks(config: UsdtConfig): Array<{ provider: string; client: () => Promise<ChainClient> }> {
  const sandbox = sandboxChainOf(config);
  let sandboxClient: ChainClient | null = null;
  return [
    { provider: SANDBOX_PROVIDER, client: async () => (sandboxClient ??= tronGridClient({ url: await sandbox.url(), apiKey: undefined, timeoutMs: 10_000 })) },
    ...(config.tronApi ? [{ provider: TRONGRID_PROVIDER, client: async () => tronGridClient(config.tronApi!) }] : []),
  ];
}

/** USDT on Tron (TRC20): a deposit address per payment from the merchant's xpub, credited by the chain watcher. */
export function usdtRail(config: UsdtConfig): Rail {
  return {
    method: 'usdt_trc20',
    accountSchema: usdtAccountSchema,
    checkAccount: checkUsdtAccount,
    sandboxAccount: (merchantId) => sandboxUsdtAccount(merchantId, SANDBOX_PROVIDER),
    connectors: [usdtConnector(config, SANDBOX_PROVIDER, sandboxChainOf(config)), ...(config.tronApi ? [usdtConnector(config, TRONGRID_PROVIDER)] : [])],
    documents: [
      { name: 'qr.png', contentType: 'image/png', summary: "The payment's QR code as a PNG image", render: (p) => QRCode.toBuffer(addressOf(p), { ...SYMBOL, type: 'png', scale: 8 }) },
      { name: 'qr.svg', contentType: 'image/svg+xml', summary: "The payment's QR code as an SVG image", render: (p) => QRCode.toString(addressOf(p), { ...SYMBOL, type: 'svg' }) },
    ],
    checkRefundDestination: checkTrc20Address,
  };
}
