import { PropsWithChildren } from 'react'
import './app.css'

/** The app shell: pages render inside. */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
