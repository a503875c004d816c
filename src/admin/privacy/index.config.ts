export default definePageConfig({ navigationBarTitleText: '个人信息保存期限' })
