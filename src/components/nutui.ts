/**
 * The NutUI components the app uses, each imported with its own stylesheet (never the whole
 * library), so the main package stays small.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button'
export { default as Cell } from '@nutui/nutui-react-taro/dist/es/packages/cell'
export { default as CellGroup } from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
export { default as Input } from '@nutui/nutui-react-taro/dist/es/packages/input'
export { default as Switch } from '@nutui/nutui-react-taro/dist/es/packages/switch'
export { default as Popup } from '@nutui/nutui-react-taro/dist/es/packages/popup'
export { default as Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag'
export { default as TextArea } from '@nutui/nutui-react-taro/dist/es/packages/textarea'
