/** An indicator's trend chart and its table, merged into sv.ts and en.ts. */
export const sv = {
  'chart.empty': 'Det finns inga värden för {title} ännu.',
  'chart.desc.rose': '{label} ökade från {first} år {firstYear} till {last} år {lastYear}.',
  'chart.desc.fell': '{label} minskade från {first} år {firstYear} till {last} år {lastYear}.',
  'chart.desc.same': '{label} var {first} både år {firstYear} och år {lastYear}.',
  'chart.desc.single': '{label} var {first} år {firstYear}.',
  'chart.desc.target': 'Målet är {target} år {targetYear}, från {baseline} år {baselineYear}.',
  'chart.desc.others': 'Tunna linjer visar {count} kommuner.',
  'chart.legend.others': 'Kommuner ({count})',
  'chart.legend.target': 'Mål: {target} år {targetYear}',
  'chart.table.area': 'Område',
  'chart.table.target': 'Mål (basår och målår)',
  'chart.table.missing': 'saknas',
} as const;

export const en: Record<keyof typeof sv, string> = {
  'chart.empty': 'There are no values for {title} yet.',
  'chart.desc.rose': '{label} rose from {first} in {firstYear} to {last} in {lastYear}.',
  'chart.desc.fell': '{label} fell from {first} in {firstYear} to {last} in {lastYear}.',
  'chart.desc.same': '{label} was {first} both in {firstYear} and in {lastYear}.',
  'chart.desc.single': '{label} was {first} in {firstYear}.',
  'chart.desc.target': 'The target is {target} in {targetYear}, from {baseline} in {baselineYear}.',
  'chart.desc.others': 'Thin lines show {count} municipalities.',
  'chart.legend.others': 'Municipalities ({count})',
  'chart.legend.target': 'Target: {target} in {targetYear}',
  'chart.table.area': 'Area',
  'chart.table.target': 'Target (baseline and target year)',
  'chart.table.missing': 'missing',
};
