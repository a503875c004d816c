export default definePageConfig({ navigationBarTitleText: '年度统计' })
