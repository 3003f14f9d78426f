// Who wants to hear that settings changed (e.g. the alert scheduler re-reads its cron).
// In-process by default; with several instances the database notifier feeds it from NOTIFY.
export type SettingsListener = (keys: string[]) => void;

export interface SettingsChanges {
  subscribe(listener: SettingsListener): () => void;
  /** Called after a change is committed (locally, or on a notification from another instance). */
  emit(keys: string[]): void;
}

export function createSettingsChanges(): SettingsChanges {
  const listeners = new Set<SettingsListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(keys) {
      for (const listener of listeners) listener(keys);
    },
  };
}
