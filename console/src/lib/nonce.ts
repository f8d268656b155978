/**
 * The CSP nonce of this page load. The server writes a fresh one into the
 * page's `<meta property="csp-nonce">` (Vite's `html.cspNonce`) and names it
 * in the Content-Security-Policy (`style-src 'self' 'nonce-…'`), so that
 * styles work without 'unsafe-inline'.
 */
export function cspNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  // Browsers hide the attribute once the policy applies; the property keeps the value.
  return meta?.nonce || meta?.getAttribute('nonce') || undefined;
}

/**
 * Gives the nonce to every <style> element this page's scripts create.
 * antd puts it on its own styles (ConfigProvider `csp`), but two helpers of
 * its component library add <style> elements without it (the table measures
 * scrollbars with one, a modal locks page scroll with another), which the
 * policy would refuse. Scripts can only come from this server
 * (`script-src 'self'`), so this lets only the console's own code style the
 * page; a <style> element or a style attribute injected as markup still has
 * no nonce and is refused.
 */
export function nonceScriptCreatedStyles(nonce: string): void {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions) {
    const element = createElement.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof Document.prototype.createElement;
}
