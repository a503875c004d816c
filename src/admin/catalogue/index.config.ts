export default definePageConfig({ navigationBarTitleText: '记录类型' })
