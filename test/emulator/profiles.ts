// Platform profiles for the emulator's shapes, as a user would write them (the JSON of
// `holdfast profiles import`), shared by the tests that sign in to the emulator.

/** Shape B: cursor paging, SMS sign-in, 200 AUTH_REQUIRED when signed out, 410 when closed. */
export const SHAPE_B_PROFILE = {
  profileVersion: 1,
  id: 'emulator-b',
  name: 'R-Vault (platform emulator B)',
  nameZh: 'R-Vault（模拟平台 B）',
  signIn: {
    loginPath: '/login',
    sessionCookies: ['b_session'],
    sms: {
      send: { method: 'POST', path: '/gateway/v2/auth/otp', body: { phone_number: '{phone}' } },
      verify: { method: 'POST', path: '/gateway/v2/auth/login', body: { phone_number: '{phone}', otp: '{code}' } },
      ok: { path: '$.status', equals: 'success' },
    },
  },
  responses: {
    ok: { path: '$.status', equals: 'success' },
    sessionExpired: [{ status: [401] }, { path: '$.error.code', equals: 'AUTH_REQUIRED' }],
    shutdown: { status: [410], noticePath: ['$.announcement'] },
  },
  holdings: {
    request: { path: '/gateway/v2/assets' },
    itemsPath: '$.result.items',
    idPath: '$.asset_id',
    pagination: { style: 'cursor', param: 'cursor', sizeParam: 'limit', size: 4, nextPath: '$.result.next_cursor' },
  },
  detail: { request: { path: '/gateway/v2/assets/{id}' } },
  fields: {
    name: '$.detail.result.nft_info.title',
    description: '$.detail.result.nft_info.description',
    creator: '$.detail.result.nft_info.creator.name',
    issuer: '$.detail.result.nft_info.publisher.name',
    collection: '$.detail.result.nft_info.collection_title',
    edition: '$.detail.result.nft_info.edition.number',
    supply: '$.detail.result.nft_info.edition.supply',
    chain: '$.detail.result.nft_info.chain_info.network',
    contract: '$.detail.result.nft_info.chain_info.contract',
    tokenId: '$.detail.result.nft_info.chain_info.token_id',
    txHash: '$.detail.result.nft_info.chain_info.mint_tx',
    issuedAt: '$.detail.result.nft_info.chain_info.minted_at',
    acquiredAt: '$.detail.result.acquired_at',
  },
  media: [
    { url: '$.detail.result.nft_info.media.url', kind: '$.detail.result.nft_info.media.kind', kinds: { image: 'image', model: 'model', video: 'video', audio: 'audio' } },
    { url: '$.detail.result.nft_info.media.poster_url', role: 'poster' },
  ],
  certificate: { path: '$.detail.result.nft_info.chain_info', number: '$.detail.result.nft_info.chain_info.certificate_id' },
};
