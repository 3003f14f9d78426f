// The `locale` setting is the reply language of everyone who has not picked one with /lang. Its
// readers (router, alert digests, DingTalk pushes) use services.config.locale, so the composition
// root keeps that one field in step with the setting: at start, and on every change from any instance.
import type { Services } from '../../bot/services.js';
import type { Locale } from '../../config.js';

export async function followDefaultLocale(services: Pick<Services, 'config' | 'settings' | 'settingsChanges' | 'logger'>): Promise<() => void> {
  const apply = async () => {
    services.config.locale = (await services.settings.snapshot()).string('locale') as Locale;
  };
  await apply();
  return services.settingsChanges.subscribe((keys) => {
    if (!keys.includes('locale')) return;
    apply().catch((error: unknown) => services.logger.error({ err: error }, 'could not apply the default locale setting'));
  });
}
