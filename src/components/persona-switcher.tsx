/** On a phone WeChat says who the user is: there is nothing to switch (see persona-switcher.h5.tsx). */
export default function PersonaSwitcher(_props: { onSwitched: () => void }) {
  return null
}
