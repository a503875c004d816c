export default definePageConfig({ navigationBarTitleText: '记录事件' })
