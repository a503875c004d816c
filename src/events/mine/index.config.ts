export default definePageConfig({ navigationBarTitleText: '我的记录', onReachBottomDistance: 80 })
