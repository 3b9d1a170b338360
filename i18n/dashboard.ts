/** Messages of the dashboard pages, merged into the catalogues in sv.ts and en.ts. */
export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};
