/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A small, dependency-free page shell; works without JavaScript. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}
h1{font-size:1.4rem}.card{border:1px solid #d7dde4;border-radius:12px;padding:1.25rem;margin:1rem 0}
ul{padding-left:1.2rem}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #1d4ed8;cursor:pointer}
.approve{background:#1d4ed8;color:#fff}.decline{background:#fff;color:#1d4ed8}.muted{color:#5b6673;font-size:.9rem}
label{display:block;margin:.5rem 0}select{font-size:1rem;padding:.3rem}
</style></head><body>${body}</body></html>`;
}
