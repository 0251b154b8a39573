// exceljs' own SAX loop (saxes), used to read the shared strings within their limits (sheet-reader.ts).
declare module 'exceljs/lib/utils/parse-sax.js' {
  const parseSax: (source: AsyncIterable<Buffer | string>) => AsyncIterable<{ eventType: string; value: unknown }[]>;
  export default parseSax;
}
