/**
 * Whether the phone is online, and when the network comes back: the outbox sends what waited the
 * moment it does. Chosen at build time by Taro's platform suffixes: network.weapp.ts listens to
 * Taro.onNetworkStatusChange, network.h5.ts to the window's online/offline events (which Playwright's
 * `context.setOffline` fires). This file only declares the shape; the build always picks a platform file.
 */

/** The last known state; true until the platform says otherwise (a failed send is retried anyway). */
export declare function isOnline(): boolean

/** Calls `listener` each time the network comes back; returns the function that stops listening. */
export declare function onNetworkBack(listener: () => void): () => void
