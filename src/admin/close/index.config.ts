export default definePageConfig({ navigationBarTitleText: '年度结账' })
