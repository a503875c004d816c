export default definePageConfig({ navigationBarTitleText: '导入历史台账' })
