export default definePageConfig({ navigationBarTitleText: '向居民公开' })
