import PDFDocument from 'pdfkit';
import type { Boleto } from './boleto.js';
import type { IsoDate } from './due-date.js';
import { itfBars } from './itf.js';
import { formatBrl, formatDate, formatTaxDocument } from './print-format.js';

export interface BoletoParty {
  name: string;
  /** CPF or CNPJ, with or without punctuation. */
  document: string;
  addressLines?: string[];
}

export interface BoletoPdfInput {
  boleto: Boleto;
  beneficiary: BoletoParty;
  payer: BoletoParty;
  /** Printed in the instructions box, one line each (fines, interest, "não receber após…"). */
  instructions: string[];
  /** "Número do documento": the merchant's reference for what is being paid. */
  documentNumber: string;
  /** "Data do documento" and "data do processamento". */
  issueDate: IsoDate;
  /** Written as the PDF's creation date, so one input always gives the same bytes. */
  createdAt: Date;
  /** "Espécie do documento"; DM (duplicata mercantil) when not given. */
  documentKind?: string;
}

const MM = 72 / 25.4;
const PAGE_MARGIN = 10 * MM;
const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN;
const RIGHT_COLUMN = 42 * MM;
const ROW = 22;
const LABEL_SIZE = 6;
const VALUE_SIZE = 9;
/** FEBRABAN's barcode: 103 mm by 13 mm, whatever the printer. */
const BARCODE_WIDTH = 103 * MM;
const BARCODE_HEIGHT = 13 * MM;

interface Cell {
  label: string;
  value: string;
  width: number;
  alignRight?: boolean;
}

/** A4 boleto: the payer's receipt, a cut line and the ficha de compensação with the ITF barcode. */
export function renderBoletoPdf(input: BoletoPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: {
      Title: `Boleto ${input.boleto.bankName} ${input.boleto.ourNumberText}`,
      Author: input.beneficiary.name,
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const receiptBottom = drawPayerReceipt(doc, input, PAGE_MARGIN);
  const cutY = receiptBottom + 10 * MM;
  drawCutLine(doc, cutY);
  drawCompensationSlip(doc, input, cutY + 8 * MM);
  doc.end();
  return done;
}

function drawPayerReceipt(doc: PDFKit.PDFDocument, input: BoletoPdfInput, top: number): number {
  const { boleto } = input;
  let y = drawHeader(doc, boleto, top, 'Recibo do Pagador');
  const left = CONTENT_WIDTH - 2 * RIGHT_COLUMN;
  y = drawRow(doc, y, ROW, [
    { label: 'Beneficiário', value: partyLine(doc, input.beneficiary, left), width: left },
    { label: 'Agência / Código do beneficiário', value: boleto.beneficiaryCodeText, width: RIGHT_COLUMN },
    { label: 'Vencimento', value: dueDateText(boleto.dueDate), width: RIGHT_COLUMN, alignRight: true },
  ]);
  y = drawRow(doc, y, ROW, [
    { label: 'Pagador', value: partyLine(doc, input.payer, left), width: left },
    { label: 'Nosso número', value: boleto.ourNumberText, width: RIGHT_COLUMN },
    { label: '(=) Valor do documento', value: amountText(boleto.amount), width: RIGHT_COLUMN, alignRight: true },
  ]);
  y = drawRow(doc, y, ROW, [
    { label: 'Número do documento', value: input.documentNumber, width: left },
    { label: 'Data do documento', value: formatDate(input.issueDate), width: RIGHT_COLUMN },
    { label: '(=) Valor cobrado', value: '', width: RIGHT_COLUMN },
  ]);
  drawRightLabel(doc, 'Autenticação mecânica', y + 3);
  return y + 4 * MM;
}

function drawCutLine(doc: PDFKit.PDFDocument, y: number): void {
  doc.save().lineWidth(0.5).dash(3, { space: 2 });
  doc.moveTo(PAGE_MARGIN, y).lineTo(PAGE_MARGIN + CONTENT_WIDTH, y).stroke().restore();
  drawRightLabel(doc, 'Corte na linha pontilhada', y - 8);
}

function drawCompensationSlip(doc: PDFKit.PDFDocument, input: BoletoPdfInput, top: number): void {
  const { boleto } = input;
  const left = CONTENT_WIDTH - RIGHT_COLUMN;
  const issued = formatDate(input.issueDate);
  let y = drawHeader(doc, boleto, top, boleto.digitableLineText);
  const paymentPlace = boleto.dueDate === null ? 'Pagável em qualquer banco' : 'Pagável em qualquer banco até o vencimento';
  y = drawRow(doc, y, ROW, [
    { label: 'Local de pagamento', value: paymentPlace, width: left },
    { label: 'Vencimento', value: dueDateText(boleto.dueDate), width: RIGHT_COLUMN, alignRight: true },
  ]);
  y = drawRow(doc, y, ROW, [
    { label: 'Beneficiário', value: partyLine(doc, input.beneficiary, left), width: left },
    { label: 'Agência / Código do beneficiário', value: boleto.beneficiaryCodeText, width: RIGHT_COLUMN, alignRight: true },
  ]);
  const fifth = left / 5;
  y = drawRow(doc, y, ROW, [
    { label: 'Data do documento', value: issued, width: fifth },
    { label: 'Número do documento', value: input.documentNumber, width: fifth },
    { label: 'Espécie doc.', value: input.documentKind ?? 'DM', width: fifth },
    { label: 'Aceite', value: 'N', width: fifth },
    { label: 'Data do processamento', value: issued, width: fifth },
    { label: 'Nosso número', value: boleto.ourNumberText, width: RIGHT_COLUMN, alignRight: true },
  ]);
  y = drawRow(doc, y, ROW, [
    { label: 'Uso do banco', value: '', width: fifth },
    { label: 'Carteira', value: boleto.wallet, width: fifth },
    { label: 'Espécie', value: 'R$', width: fifth },
    { label: 'Quantidade', value: '', width: fifth },
    { label: 'Valor', value: '', width: fifth },
    { label: '(=) Valor do documento', value: amountText(boleto.amount), width: RIGHT_COLUMN, alignRight: true },
  ]);
  y = drawInstructions(doc, input.instructions, y);
  y = drawPayer(doc, input.payer, y);
  drawRightLabel(doc, 'Autenticação mecânica — Ficha de Compensação', y + 3);
  drawBarcode(doc, boleto.barcode, PAGE_MARGIN, y + 4 * MM);
}

/** The bank's name, its code with check digit between two thick rules, and `title` to the right. */
function drawHeader(doc: PDFKit.PDFDocument, boleto: Boleto, top: number, title: string): number {
  const height = 24;
  const nameWidth = 46 * MM;
  const codeWidth = 20 * MM;
  const bottom = top + height;
  doc.font('Helvetica-Bold').fontSize(13).text(boleto.bankName, PAGE_MARGIN, bottom - 16, { width: nameWidth, lineBreak: false });
  doc.fontSize(15).text(boleto.bankCodeText, PAGE_MARGIN + nameWidth, bottom - 17, { width: codeWidth, align: 'center', lineBreak: false });
  doc.fontSize(10.5);
  const titleX = PAGE_MARGIN + CONTENT_WIDTH - doc.widthOfString(title);
  doc.text(title, titleX, bottom - 14, { lineBreak: false });
  doc.save().lineWidth(1.5);
  for (const x of [PAGE_MARGIN + nameWidth, PAGE_MARGIN + nameWidth + codeWidth]) doc.moveTo(x, top + 4).lineTo(x, bottom).stroke();
  doc.moveTo(PAGE_MARGIN, bottom).lineTo(PAGE_MARGIN + CONTENT_WIDTH, bottom).stroke().restore();
  return bottom;
}

function drawRow(doc: PDFKit.PDFDocument, top: number, height: number, cells: Cell[], left = PAGE_MARGIN): number {
  let x = left;
  for (const cell of cells) {
    doc.save().lineWidth(0.5).rect(x, top, cell.width, height).stroke().restore();
    drawLabel(doc, cell.label, x + 2, top + 2);
    doc.font('Helvetica').fontSize(VALUE_SIZE);
    doc.text(cell.value, x + 2, top + 10, {
      width: cell.width - 4,
      align: cell.alignRight ? 'right' : 'left',
      height: height - 10,
      ellipsis: true,
      lineBreak: false,
    });
    x += cell.width;
  }
  return top + height;
}

function drawInstructions(doc: PDFKit.PDFDocument, instructions: string[], top: number): number {
  const left = CONTENT_WIDTH - RIGHT_COLUMN;
  const adjustments = ['(-) Desconto / Abatimento', '(-) Outras deduções', '(+) Mora / Multa', '(+) Outros acréscimos', '(=) Valor cobrado'];
  const height = adjustments.length * ROW;
  doc.save().lineWidth(0.5).rect(PAGE_MARGIN, top, left, height).stroke().restore();
  drawLabel(doc, 'Instruções (texto de responsabilidade do beneficiário)', PAGE_MARGIN + 2, top + 2);
  doc.font('Helvetica').fontSize(VALUE_SIZE);
  doc.text(instructions.join('\n'), PAGE_MARGIN + 4, top + 12, { width: left - 8, height: height - 16, ellipsis: true });
  adjustments.forEach((label, index) => {
    drawRow(doc, top + index * ROW, ROW, [{ label, value: '', width: RIGHT_COLUMN }], PAGE_MARGIN + left);
  });
  return top + height;
}

function drawPayer(doc: PDFKit.PDFDocument, payer: BoletoParty, top: number): number {
  const lines = [partyLine(doc, payer, CONTENT_WIDTH), ...(payer.addressLines ?? [])];
  const height = 12 + lines.length * 11;
  doc.save().lineWidth(0.5).rect(PAGE_MARGIN, top, CONTENT_WIDTH, height).stroke().restore();
  drawLabel(doc, 'Pagador', PAGE_MARGIN + 2, top + 2);
  doc.font('Helvetica').fontSize(VALUE_SIZE);
  lines.forEach((line, index) => {
    doc.text(line, PAGE_MARGIN + 4, top + 10 + index * 11, { width: CONTENT_WIDTH - 8, lineBreak: false, ellipsis: true });
  });
  return top + height;
}

/** Vector bars, one rectangle each, filled together: no raster to blur the narrow modules. */
function drawBarcode(doc: PDFKit.PDFDocument, barcode: string, left: number, top: number): void {
  const symbol = itfBars(barcode);
  const module = BARCODE_WIDTH / symbol.modules;
  doc.save();
  for (const bar of symbol.bars) doc.rect(left + bar.x * module, top, bar.width * module, BARCODE_HEIGHT);
  doc.fill('black').restore();
}

function drawLabel(doc: PDFKit.PDFDocument, label: string, x: number, y: number): void {
  doc.font('Helvetica').fontSize(LABEL_SIZE).text(label, x, y, { lineBreak: false });
}

function drawRightLabel(doc: PDFKit.PDFDocument, label: string, y: number): void {
  doc.font('Helvetica').fontSize(LABEL_SIZE).text(label, PAGE_MARGIN, y, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
}

/** Name — CPF/CNPJ, the name cut short if need be: the document is what identifies the party, so it always shows. */
function partyLine(doc: PDFKit.PDFDocument, party: BoletoParty, cellWidth: number): string {
  const width = cellWidth - 8;
  const document = ` — ${formatTaxDocument(party.document)}`;
  doc.font('Helvetica').fontSize(VALUE_SIZE);
  if (doc.widthOfString(party.name + document) <= width) return party.name + document;
  let name = party.name;
  while (name && doc.widthOfString(`${name}…${document}`) > width) name = name.slice(0, -1);
  return `${name.trimEnd()}…${document}`;
}

function dueDateText(dueDate: IsoDate | null): string {
  return dueDate === null ? 'Contra-apresentação' : formatDate(dueDate);
}

/** A boleto of amount 0 leaves the amount to the payer, so the box stays blank. */
function amountText(centavos: number): string {
  return centavos === 0 ? '' : formatBrl(centavos);
}
