import type { CycleDefinitionInput } from '../../../core/definition';
import { coordinated } from './coordinated';

/**
 * The declaration of intent (avsiktsförklaringen) each party's member of the styrgrupp signs for
 * its organisation. The text is the declaration's commitments, shortened but in its own words; a
 * party that joins later signs the same text on joining.
 */
export const avsiktsforklaringText = [
  'Avsiktsförklaring Operation Kvinnofrid – länssamarbete mot våld',
  '',
  'Operation Kvinnofrid är Stockholms läns myndighetsgemensamma samverkansplattform för ett långsiktigt och hållbart arbete ' +
    'mot våld i nära relationer, hedersrelaterat våld och förtryck, prostitution och människohandel för sexuella ändamål ' +
    'samt sexuellt våld oberoende av relation. Visionen är att ingen ska utsättas för eller uppleva våld i Stockholms län.',
  '',
  'Vår organisation åtar sig att:',
  '• delta i styrgruppen, samordningsgruppen, samordningskoordineringen och utskott/arbetsgrupper genom funktioner som ' +
    'ledningen utser utifrån funktion och mandat;',
  '• dela värdskapet för samordningsgruppens möten, som roterar mellan parterna;',
  '• återföra information till och från den egna organisationen;',
  '• förankra och utveckla interna och gemensamma rutiner i enlighet med strategi- och handlingsplanarbetet;',
  '• representera Operation Kvinnofrid i andra forum;',
  '• genomföra, utveckla och löpande följa upp de åtgärder vi åtagit oss i handlingsplanen, och bidra till den årliga ' +
    'Regionala lägesrapporten som Länsstyrelsen sammanställer;',
  '• rymma personella resurser och kostnader inom den egna budgeten; särskilda ekonomiska satsningar görs efter beslut i styrgruppen.',
  '',
  'Denna underskrift bekräftar ambitionen att delta i och aktivt arbeta enligt intentionerna i Strategi för att förebygga ' +
    'och bekämpa våld i Stockholms län 2020–2026 och Handlingsplan till strategin, väl medveten om att detta bygger på ett ' +
    'långsiktigt engagemang och aktiv närvaro från den egna organisationen.',
].join('\n');

export const avsiktsforklaring: CycleDefinitionInput = {
  key: 'kvinnofrid-avsiktsforklaring',
  name: 'Avsiktsförklaring Operation Kvinnofrid',
  description: 'Parterna undertecknar avsiktsförklaringen genom sina ledamöter i styrgruppen.',
  ...coordinated,
  phases: [
    {
      key: 'underskrift',
      title: 'Underskrift',
      steps: [
        {
          key: 'underskrift',
          kind: 'signature',
          title: 'Underteckna avsiktsförklaringen',
          instructions: 'Läs avsiktsförklaringen och underteckna den för din organisation, eller avböj med en motivering.',
          assignees: { kind: 'body', body: 'styrgrupp' },
          due: 'start+21d',
          text: avsiktsforklaringText,
        },
      ],
    },
  ],
};
