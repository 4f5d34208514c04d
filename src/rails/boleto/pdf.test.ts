import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBoleto } from './boleto.js';
import { itfBars } from './itf.js';
import { renderBoletoPdf, type BoletoPdfInput } from './pdf.js';

const BB = { bankCode: '001', agency: '4042', account: '61900', wallet: '18', agreement: '1238798' };
const boleto = buildBoleto({
  settings: BB,
  ourNumber: '7777700168',
  dueDate: '2026-12-10',
  amount: 29700,
});

const input: BoletoPdfInput = {
  boleto,
  beneficiary: { name: 'Loja Azul Comércio Ltda', document: '11222333000181' },
  payer: { name: 'Ana Souza', document: '52998224725', addressLines: ['Rua das Flores, 123', '01001-000 São Paulo SP'] },
  instructions: ['Não receber após 30 dias do vencimento.', 'Multa de 2% após o vencimento.'],
  documentNumber: '1001',
  issueDate: '2026-11-25',
  createdAt: new Date('2026-11-25T12:00:00Z'),
};

/** The page's content streams, inflated. */
function contentStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const raw = pdf.subarray(start, text.indexOf('endstream', start));
    streams.push(inflateSync(raw).toString('latin1'));
  }
  return streams;
}

/**
 * Each TJ's text: pdfkit writes the standard fonts' strings as hex in WinAnsi, split where it kerns. WinAnsi is
 * Latin-1 for the accented letters here; only the ellipsis (0x85) and the em dash (0x97) differ.
 */
function shownTexts(pdf: Buffer): string[] {
  return contentStreams(pdf).flatMap((stream) =>
    [...stream.matchAll(/\[([^\]]*)\] TJ/g)].map((tj) =>
      [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((hex) => Buffer.from(hex[1]!, 'hex').toString('latin1').replaceAll('\x85', '…').replaceAll('\x97', '—')).join(''),
    ),
  );
}

describe('boleto PDF', () => {
  it('is a one-page A4 PDF', async () => {
    const pdf = await renderBoletoPdf(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('shows the digitable line, the bank code with its DV, the parties, the due date, amount and our number', async () => {
    const texts = shownTexts(await renderBoletoPdf(input));
    expect(texts).toContain('00190.00009 01238.798779 77700.168188 4 16560000029700');
    expect(texts).toContain('001-9');
    expect(texts).toContain('Loja Azul Comércio Ltda — CNPJ 11.222.333/0001-81');
    expect(texts).toContain('Ana Souza — CPF 529.982.247-25');
    expect(texts).toContain('01001-000 São Paulo SP');
    expect(texts).toContain('10/12/2026');
    expect(texts).toContain('R$ 297,00');
    expect(texts).toContain('12387987777700168');
    expect(texts).toContain('4042-8 / 00061900-0');
    expect(texts.join('\n')).toContain('Não receber após 30 dias do vencimento.');
  });

  it('draws the ITF barcode of the 44 digits as vector bars, 103 mm by 13 mm', async () => {
    const streams = contentStreams(await renderBoletoPdf(input)).join('\n');
    const mm = 72 / 25.4;
    const bars = [...streams.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
      .map((m) => ({ x: Number(m[1]), width: Number(m[3]), height: Number(m[4]) }))
      .filter((rect) => Math.abs(rect.height - 13 * mm) < 0.01);
    const expected = itfBars(boleto.barcode);
    expect(bars).toHaveLength(expected.bars.length);
    const module = (103 * mm) / expected.modules;
    bars.forEach((bar, index) => {
      expect(bar.width).toBeCloseTo(expected.bars[index]!.width * module, 4);
      expect(bar.x - bars[0]!.x).toBeCloseTo(expected.bars[index]!.x * module, 4);
    });
    expect(bars.at(-1)!.x + bars.at(-1)!.width - bars[0]!.x).toBeCloseTo(103 * mm, 3);
  });

  it('gives the same bytes for the same input, the creation date included', async () => {
    const first = await renderBoletoPdf(input);
    expect((await renderBoletoPdf(input)).equals(first)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20261125120000Z)');
    const later = await renderBoletoPdf({ ...input, createdAt: new Date('2026-11-26T12:00:00Z') });
    expect(later.equals(first)).toBe(false);
  });

  it('prints no amount for a boleto whose amount the payer fills in, and no date for one without', async () => {
    const open = buildBoleto({ settings: BB, ourNumber: '1', dueDate: null, amount: 0 });
    const texts = shownTexts(await renderBoletoPdf({ ...input, boleto: open }));
    expect(texts).toContain('Contra-apresentação');
    expect(texts).toContain('Pagável em qualquer banco');
    expect(texts.some((text) => text.startsWith('R$ '))).toBe(false);
  });

  it("shortens a long name rather than the party's CPF or CNPJ", async () => {
    const name = 'Companhia Brasileira de Distribuição de Produtos Alimentícios e Utilidades Domésticas do Nordeste S.A.';
    const texts = shownTexts(await renderBoletoPdf({ ...input, beneficiary: { name, document: '11222333000181' } }));
    const lines = texts.filter((text) => text.endsWith('— CNPJ 11.222.333/0001-81'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^Companhia Brasileira de .+… — CNPJ/);
  });
});
