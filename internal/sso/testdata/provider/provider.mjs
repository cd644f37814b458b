// A real OpenID Connect provider (the oidc-provider package) for Samstyr's
// SSO tests. It is configured by the JSON in SAMSTYR_TEST_OIDC_CONFIG:
//
//   { "port": 0,                                   // 0 = any free port
//     "clients":  [{ "client_id", "client_secret", "redirect_uris": [...] }],
//     "accounts": { "<sub>": { "password": "...", "claims": { ... } } },
//     "id_token_ttl": 3600 }
//
// It listens on 127.0.0.1 only and prints one line, "listening <issuer>",
// when it is ready. Its login and consent pages are plain HTML forms (so a
// Go http.Client with a cookie jar can log in); the password is checked.
// POST /_test/accounts/<sub> with {"claims": {...}} replaces an account's
// claims, as a directory change at a real provider would.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const cfg = JSON.parse(process.env.SAMSTYR_TEST_OIDC_CONFIG || '{}');
const accounts = cfg.accounts || {};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(title)}</title></head>`
    + `<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 1 << 16) throw new Error('body too large');
  }
  return new URLSearchParams(raw);
}

async function readJSON(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return JSON.parse(raw || '{}');
}

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(cfg.port || 0, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'test-1' };

const provider = new Provider(issuer, {
  clients: (cfg.clients || []).map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: ['samstyr-test-provider-cookie-key'] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  // Put the scope's claims into the ID token, as Entra ID and Keycloak do
  // for the claims Samstyr reads.
  conformIdTokenClaims: false,
  ttl: { IdToken: cfg.id_token_ttl || 3600 },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  async findAccount(ctx, sub) {
    const acc = accounts[sub];
    if (!acc) return undefined;
    return { accountId: sub, async claims() { return { sub, ...acc.claims }; } };
  },
});
const callback = provider.callback();

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  const { prompt, params, session, grantId } = details;
  if (req.method === 'GET') {
    let body;
    if (prompt.name === 'login') {
      body = `<form method="post" action="/interaction/${esc(uid)}/login">`
        + '<label>Användarnamn <input name="login" autocomplete="username"></label>'
        + '<label>Lösenord <input name="password" type="password"></label>'
        + '<button type="submit">Logga in</button></form>';
    } else {
      body = `<p>${esc(params.client_id)} vill läsa: ${esc(params.scope)}</p>`
        + `<form method="post" action="/interaction/${esc(uid)}/confirm"><button type="submit">Godkänn</button></form>`;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(prompt.name === 'login' ? 'Logga in' : 'Godkänn', body));
    return;
  }
  const form = await readForm(req);
  if (action === 'login') {
    const sub = form.get('login') || '';
    const acc = accounts[sub];
    if (!acc || acc.password !== form.get('password')) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Logga in', '<p id="error">Fel användarnamn eller lösenord.</p>'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'confirm' && prompt.name === 'consent') {
    const grant = grantId ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) {
      for (const [indicator, scope] of Object.entries(d.missingResourceScopes)) {
        grant.addResourceScope(indicator, scope.join(' '));
      }
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(400).end('bad interaction');
}

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const m = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login|confirm))?$/);
    if (m) {
      await interaction(req, res, m[1], m[2]);
      return;
    }
    const acc = url.pathname.match(/^\/_test\/accounts\/([^/]+)$/);
    if (acc && req.method === 'POST') {
      const body = await readJSON(req);
      const sub = decodeURIComponent(acc[1]);
      accounts[sub] = { ...(accounts[sub] || {}), ...body };
      res.writeHead(204).end();
      return;
    }
    callback(req, res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err && err.message));
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(`listening ${issuer}`);
