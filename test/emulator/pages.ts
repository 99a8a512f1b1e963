// The emulator's own web pages: the SMS sign-in page and "我的藏品", rendered as HTML with a
// script that calls the JSON endpoints, the way a platform's web front end does. The same
// script serves both shapes; it reads the shape's endpoints from a JSON block in the page.
import type { Shape } from './shapes.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, shape: Shape, body: string, notice: string | null): string {
  const config = JSON.stringify({ shape: shape.name, paths: shape.paths, phoneField: shape.phoneField, codeField: shape.codeField }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)} · ${esc(shape.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f6f3ee;color:#222}
header{background:#8a1c1c;color:#fff;padding:12px 20px;font-weight:600}
main{max-width:720px;margin:20px auto;padding:0 16px}
.notice{background:#fff3cd;border:1px solid #e0c36a;padding:10px;margin-bottom:12px}
label{display:block;margin:12px 0 4px}
input{font-size:16px;padding:8px;width:240px}
button{font-size:15px;padding:8px 14px;margin:8px 8px 0 0;cursor:pointer}
ul{list-style:none;padding:0}
li.holding{background:#fff;margin:8px 0;padding:10px;border-radius:8px;display:flex;gap:12px;align-items:center;cursor:pointer}
li.holding img{width:56px;height:56px;object-fit:cover;border-radius:4px}
#detail{background:#fff;padding:12px;border-radius:8px;margin-top:16px}
#detail dt{font-weight:600}
.error{color:#b00020}
</style></head>
<body><header>${esc(shape.title)}</header><main>
${notice ? `<div class="notice" id="platform-notice">${esc(notice)}</div>` : ''}
${body}
</main>
<script type="application/json" id="emulator-config">${config}</script>
<script src="/static/app.js"></script>
</body></html>`;
}

export function loginPage(shape: Shape, notice: string | null): string {
  return page(
    '登录',
    shape,
    `<h1>手机号登录</h1>
<form id="login-form" onsubmit="return false">
<label for="phone">手机号</label><input id="phone" name="phone" inputmode="tel" autocomplete="tel" placeholder="请输入手机号">
<button type="button" id="send-code">获取验证码</button>
<label for="code">短信验证码</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" placeholder="6 位验证码">
<div><button type="button" id="sign-in">登录</button></div>
<p id="login-status" role="status"></p>
</form>`,
    notice,
  );
}

export function collectionPage(shape: Shape, notice: string | null): string {
  return page(
    '我的藏品',
    shape,
    `<h1>我的藏品</h1>
<p id="user"></p>
<ul id="holdings"></ul>
<button type="button" id="more" hidden>加载更多</button>
<p id="status" role="status"></p>
<section id="detail" hidden></section>`,
    notice,
  );
}

/** The front-end script (plain browser JavaScript, no build step). */
export const APP_JS = String.raw`
(function () {
  var cfg = JSON.parse(document.getElementById('emulator-config').textContent);
  var P = cfg.paths;
  function $(id) { return document.getElementById(id); }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }
  function get(path) {
    return fetch(path, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (j) {
        var expired = r.status === 401 || (j && j.status === 'error' && j.error && j.error.code === 'AUTH_REQUIRED');
        if (expired) { location.href = '/login'; throw new Error('signed out'); }
        return j;
      });
    });
  }
  function ok(body) { return cfg.shape === 'a' ? body.code === 0 : body.status === 'success'; }
  function text(el, s) { el.textContent = s; return el; }

  if ($('login-form')) {
    // Like a platform's single-page app: ask "who am I?" first, and skip the form when signed in.
    // Signed out, this answers the shape's signed-out JSON (what capture mode learns from).
    fetch(P.me, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (j) { if (r.status === 200 && ok(j)) location.href = '/my/collection'; });
    }).catch(function () {});
    $('send-code').addEventListener('click', function () {
      var b = {}; b[cfg.phoneField] = $('phone').value;
      post(P.smsSend, b).then(function (r) { text($('login-status'), ok(r.body) ? '验证码已发送' : '发送失败'); });
    });
    $('sign-in').addEventListener('click', function () {
      var b = {}; b[cfg.phoneField] = $('phone').value; b[cfg.codeField] = $('code').value;
      post(P.smsVerify, b).then(function (r) {
        if (ok(r.body)) location.href = '/my/collection';
        else text($('login-status'), '验证码错误').className = 'error';
      });
    });
    return;
  }

  // 我的藏品
  var page = 1, cursor = null;
  function row(id, name, serial, thumb) {
    var li = document.createElement('li'); li.className = 'holding'; li.dataset.id = id;
    var img = document.createElement('img'); img.src = thumb; img.alt = '';
    var span = document.createElement('span'); span.textContent = name + '  ' + serial;
    li.appendChild(img); li.appendChild(span);
    li.addEventListener('click', function () { showDetail(id); });
    $('holdings').appendChild(li);
  }
  function loadPage() {
    var url = cfg.shape === 'a' ? P.list + '?page=' + page + '&pageSize=3' : P.list + '?limit=3' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    return get(url).then(function (j) {
      if (cfg.shape === 'a') {
        j.data.list.forEach(function (h) { row(h.id, h.goodsName, h.serialNo, h.coverUrl); });
        var more = page * j.data.pageSize < j.data.total; page++;
        $('more').hidden = !more;
      } else {
        j.result.items.forEach(function (h) { row(h.asset_id, h.nft_info.title, '#' + h.nft_info.edition.number + '/' + h.nft_info.edition.supply, h.nft_info.thumb.url); });
        cursor = j.result.next_cursor;
        $('more').hidden = !cursor;
      }
      text($('status'), '共 ' + $('holdings').children.length + ' 件');
    }).catch(function (e) { text($('status'), String(e.message || e)); });
  }
  function showDetail(id) {
    var url = cfg.shape === 'a' ? P.detail + '?id=' + encodeURIComponent(id) : P.detail + encodeURIComponent(id);
    get(url).then(function (j) {
      var d = $('detail'); d.hidden = false; d.innerHTML = '';
      var h = cfg.shape === 'a' ? { name: j.data.goodsName, chain: j.data.certificate.chainName, tx: j.data.certificate.txHash }
        : { name: j.result.nft_info.title, chain: j.result.nft_info.chain_info.network, tx: j.result.nft_info.chain_info.mint_tx };
      var h2 = document.createElement('h2'); h2.id = 'detail-name'; h2.textContent = h.name; d.appendChild(h2);
      var p = document.createElement('p'); p.textContent = h.chain + ' · ' + h.tx; d.appendChild(p);
    });
  }
  get(P.me).then(function (j) { text($('user'), cfg.shape === 'a' ? j.data.nickname : j.result.display_name); loadPage(); });
  $('more').addEventListener('click', loadPage);
})();
`;
