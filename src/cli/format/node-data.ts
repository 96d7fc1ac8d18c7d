const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The data as UTF-8 text, or `undefined` if it is not valid UTF-8. */
export function utf8OrUndefined(data: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(data);
  } catch {
    return undefined;
  }
}

/** Data for a person: its UTF-8 text, or a hex dump (`0x00ff...`) when it is binary. */
export function dataText(data: Buffer): string {
  return utf8OrUndefined(data) ?? `0x${data.toString('hex')}`;
}

/** Data for `--json`: the text when it is UTF-8 (else `null`), and always base64 so binary survives. */
export function dataJson(data: Buffer): { data: string | null; dataBase64: string } {
  return { data: utf8OrUndefined(data) ?? null, dataBase64: data.toString('base64') };
}
