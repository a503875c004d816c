// Tab bar pages live in the main package; everything else in subpackages loaded on demand: `account`
// (joining, privacy notice: anyone), `staff` (figures, their events, the report, cases), `events` (my records, one record, its
// edit, open cases: grid workers and staff), `admin` (street admins), `public` (residents: publicised
// activities).
export default defineAppConfig({
  pages: ['pages/log/index', 'pages/me/index'],
  subPackages: [
    { root: 'account', pages: ['join/index', 'privacy/index'] },
    {
      root: 'staff',
      pages: [
        'stats/index',
        'case/index',
        'figure/index',
        'report/index',
        'publish/index',
        'publications/index',
        'publication/index',
      ],
    },
    // Residents: the publicised activities, small and on its own so a slow phone loads only this.
    { root: 'public', pages: ['list/index', 'detail/index'] },
    { root: 'events', pages: ['mine/index', 'detail/index', 'edit/index', 'open/index'] },
    {
      root: 'admin',
      pages: [
        'people/index',
        'invite/index',
        'org/index',
        'audit/index',
        'privacy/index',
        'catalogue/index',
        'close/index',
        'figures/index',
        'import/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c0392b',
    navigationBarTitleText: '法治台账',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
  // Inject components only when a page uses them (WeChat's code-quality check asks for it).
  lazyCodeLoading: 'requiredComponents',
  // Where an event happened (optional, asked only after consent to the privacy notice): WeChat refuses
  // getLocation unless the app declares it and says why it asks (shown in the permission prompt).
  requiredPrivateInfos: ['getLocation'],
  permission: { 'scope.userLocation': { desc: '用于记录事件发生地点的位置（可不提供）' } },
  tabBar: {
    color: '#666666',
    selectedColor: '#c0392b',
    backgroundColor: '#ffffff',
    list: [
      {
        pagePath: 'pages/log/index',
        text: '记录',
        iconPath: 'assets/tab/log.png',
        selectedIconPath: 'assets/tab/log-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
})
