export default definePageConfig({
  navigationBarTitleText: '法律服务活动',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  onReachBottomDistance: 80,
})
