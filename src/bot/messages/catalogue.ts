export interface Catalogue {
  'zh-CN': Record<string, string>;
  en: Record<string, string>;
}
