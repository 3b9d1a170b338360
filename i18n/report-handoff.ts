/** The lägesrapport's way from a compiled version to Länsstyrelsen: put forward, approved, frozen, handed off, received. */
export const sv = {
  'report.submit.legend': 'Lämna ett utkast till granskning',
  'report.submit.intro':
    'Välj det sammanställda utkast som går vidare till samordningsgruppens granskning och styrgruppens beslut. ' +
    'De som granskar och beslutar ser just det utkastet.',
  'report.submit.button': 'Lämna Utkast {number} till granskning',
  'report.submit.comment': 'Kommentar till granskarna (frivillig)',
  'report.submit.text': 'Utkast {number} av {title}',
  'report.chooseVersion':
    'Lägesrapporten har sammanställda utkast: lämna ett av dem till granskning på uppgiftens sida, så att granskarna ser vad de beslutar om.',
  'report.version.heading': 'Utkast {number} av {title}',
  'report.version.status': 'Status',
  'report.version.compiledAt': 'Sammanställt',
  'report.version.summary': 'Sammanfattning',
  'report.version.noSummary': 'Utkastet har ingen sammanfattning.',
  'report.version.page': 'Läs Utkast {number} som webbsida',
  'report.version.pdf': 'Utkast {number} som PDF',
  'report.version.docx': 'Utkast {number} som Word-fil (.docx)',
  'report.status.compiling': 'sammanställs',
  'report.status.compiled': 'sammanställt, inte godkänt',
  'report.status.failed': 'sammanställningen misslyckades',
  'report.status.approved': 'godkänt av styrgruppen',
  'report.status.frozen': 'fryst och överlämnat',
  'report.handoff.heading': 'Lägesrapporten att lämna över',
  'report.handoff.none':
    'Inget utkast av lägesrapporten är godkänt ännu. När styrgruppen har godkänt ett utkast visas det här, och det kan lämnas över.',
  'report.handoff.intro':
    'Utkastet fryses när det lämnas över: inget i det kan ändras längre. PDF- och Word-filen skickas med sina kontrollsummor till {seat}, ' +
    'som bekräftar mottagandet med en länk i brevet.',
  'report.handoff.button': 'Frys och lämna över till Länsstyrelsen',
  'report.handoff.sent': 'Överlämnat {at} till {seat}.',
  'report.handoff.awaiting': 'Mottagaren har inte bekräftat mottagandet ännu.',
  'report.handoff.received': 'Mottagandet bekräftades {at} av {name}.',
  'report.sha.pdf': 'SHA-256 för PDF-filen',
  'report.sha.docx': 'SHA-256 för Word-filen',
  'report.frozen':
    'Utkast {number} är fryst och överlämnat och kan inte ändras. En rättelse görs som ett nytt utkast, som granskas och godkänns på nytt.',
  'report.notApproved': 'Bara ett utkast som styrgruppen har godkänt kan lämnas över. Utkast {number} är {status}.',
  'report.notSubmittable': 'Utkast {number} kan inte lämnas till granskning: det är {status}. Välj ett sammanställt utkast.',
  'report.noFiles': 'Utkast {number} saknar sin PDF- eller Word-fil och kan inte lämnas över. Sammanställ ett nytt utkast.',
  'report.versionNotFound': 'Utkast {number} finns inte i lägesrapporten för {cycle}.',
  'report.cycleNotFound': 'Cykeln {cycle} finns inte.',
  'report.noRecipient': 'Cykelns definition anger ingen mottagare av lägesrapporten (recipientRole i överlämningssteget).',
  'report.recipientVacant': 'Platsen {seat} har ingen innehavare i dag, så lägesrapporten kan inte skickas dit.',
  'report.noHandoffTask':
    'Cykeln har ingen öppen överlämningsuppgift. Lägesrapporten lämnas över när styrgruppens beslut har fört cykeln dit.',
  'report.mail.subject': '{title}: Utkast {number} till Länsstyrelsens årsredovisning',
  'report.mail.lead':
    'Operation Kvinnofrid lämnar över {title}, godkänd av styrgruppen, till Länsstyrelsens årsredovisning. ' +
    'Rapporten är bifogad som PDF och som Word-fil.',
  'report.mail.version': 'Utkast {number}, godkänt {approved}, fryst {frozen}.',
  'report.mail.sums': 'Kontrollsummor (SHA-256), så att ni kan se att filerna är oförändrade:',
  'report.mail.receipt': 'Bekräfta att ni har tagit emot rapporten med länken. Den gäller till {until} och kan användas en gång.',
  'report.mail.footer': 'Skickat av Årshjul för Operation Kvinnofrids samordning. En rättelse kommer som ett nytt utkast.',
  'report.receipt.title': 'Bekräfta mottagandet av {title}',
  'report.receipt.intro':
    'Operation Kvinnofrid har lämnat över Utkast {number} till {seat}. Bekräfta att det har kommit fram; ' +
    'då är överlämningen klar och årets cykel avslutas.',
  'report.receipt.button': 'Bekräfta mottagandet',
  'report.receipt.doneTitle': 'Mottagandet är bekräftat',
  'report.receipt.done': 'Mottagandet av Utkast {number} av {title} är bekräftat. Tack!',
  'report.receipt.taskReport': 'Mottagandet bekräftat {at} av {name} ({seat}): Utkast {number} av {title}. SHA-256 PDF {pdf}, Word {docx}.',
  'link.receiptExpired.title': 'Länken har gått ut',
  'link.receiptExpired':
    'Länken gällde till {at}. Be samordningskoordinatorn om en ny överlämning; ett fryst utkast skickas inte om av sig självt.',
  'link.receiptSuperseded.title': 'Länken gäller inte längre',
  'link.receiptSuperseded':
    'Platsen som fick lägesrapporten har en ny innehavare sedan den lämnades över. Be samordningskoordinatorn bekräfta mottagandet i stället.',
  'action.report.handedOff': 'lägesrapporten frystes och lämnades över',
  'dash.done.handedOff': 'Utkastet är fryst och skickat. Överlämningsuppgiften blir klar när mottagaren bekräftar mottagandet.',
  'action.report.receipt': 'mottagandet av lägesrapporten bekräftades',
};

export const en: Record<keyof typeof sv, string> = {
  'report.submit.legend': 'Put a draft forward for review',
  'report.submit.intro':
    "Choose the compiled draft that goes on to the samordningsgrupp's review and the styrgrupp's decision. " +
    'Those who review and decide see exactly that draft.',
  'report.submit.button': 'Put Draft {number} forward for review',
  'report.submit.comment': 'A note to the reviewers (optional)',
  'report.submit.text': 'Draft {number} of {title}',
  'report.chooseVersion':
    'The report has compiled drafts: put one of them forward on the task page, so that the reviewers see what they decide on.',
  'report.version.heading': 'Draft {number} of {title}',
  'report.version.status': 'Status',
  'report.version.compiledAt': 'Compiled',
  'report.version.summary': 'Summary',
  'report.version.noSummary': 'The draft has no summary.',
  'report.version.page': 'Read Draft {number} as a web page',
  'report.version.pdf': 'Draft {number} as PDF',
  'report.version.docx': 'Draft {number} as a Word file (.docx)',
  'report.status.compiling': 'being compiled',
  'report.status.compiled': 'compiled, not approved',
  'report.status.failed': 'compilation failed',
  'report.status.approved': 'approved by the styrgrupp',
  'report.status.frozen': 'frozen and handed off',
  'report.handoff.heading': 'The report to hand off',
  'report.handoff.none':
    'No draft of the report has been approved yet. Once the styrgrupp approves a draft it shows here, and it can be handed off.',
  'report.handoff.intro':
    'The draft is frozen when it is handed off: nothing in it can change after that. The PDF and Word files go with their checksums to {seat}, ' +
    'who confirms receipt through a link in the mail.',
  'report.handoff.button': 'Freeze and hand off to Länsstyrelsen',
  'report.handoff.sent': 'Handed off {at} to {seat}.',
  'report.handoff.awaiting': 'The recipient has not confirmed receipt yet.',
  'report.handoff.received': 'Receipt confirmed {at} by {name}.',
  'report.sha.pdf': 'SHA-256 of the PDF file',
  'report.sha.docx': 'SHA-256 of the Word file',
  'report.frozen':
    'Draft {number} is frozen and handed off and cannot change. A correction is made as a new draft, which is reviewed and approved again.',
  'report.notApproved': 'Only a draft the styrgrupp has approved can be handed off. Draft {number} is {status}.',
  'report.notSubmittable': 'Draft {number} cannot be put forward: it is {status}. Choose a compiled draft.',
  'report.noFiles': 'Draft {number} lacks its PDF or Word file and cannot be handed off. Compile a new draft.',
  'report.versionNotFound': 'Draft {number} does not exist in the report of {cycle}.',
  'report.cycleNotFound': 'The cycle {cycle} does not exist.',
  'report.noRecipient': "The cycle's definition names no recipient of the report (recipientRole in the hand-off step).",
  'report.recipientVacant': 'The seat {seat} has no holder today, so the report cannot be sent there.',
  'report.noHandoffTask':
    "The cycle has no open hand-off task. The report is handed off once the styrgrupp's decision has brought the cycle there.",
  'report.mail.subject': "{title}: Draft {number} for Länsstyrelsen's annual report",
  'report.mail.lead':
    "Operation Kvinnofrid hands {title}, approved by the styrgrupp, to Länsstyrelsen's annual report. " +
    'The report is attached as PDF and as a Word file.',
  'report.mail.version': 'Draft {number}, approved {approved}, frozen {frozen}.',
  'report.mail.sums': 'Checksums (SHA-256), so that you can see the files are unchanged:',
  'report.mail.receipt':
    'Please confirm that you have received the report through the link. It is valid until {until} and can be used once.',
  'report.mail.footer': "Sent by Årshjul for Operation Kvinnofrid's coordination. A correction comes as a new draft.",
  'report.receipt.title': 'Confirm receipt of {title}',
  'report.receipt.intro':
    "Operation Kvinnofrid has handed Draft {number} to {seat}. Please confirm that it has arrived; that completes the hand-off and closes the year's cycle.",
  'report.receipt.button': 'Confirm receipt',
  'report.receipt.doneTitle': 'Receipt confirmed',
  'report.receipt.done': 'Receipt of Draft {number} of {title} is confirmed. Thank you!',
  'report.receipt.taskReport': 'Receipt confirmed {at} by {name} ({seat}): Draft {number} of {title}. SHA-256 PDF {pdf}, Word {docx}.',
  'link.receiptExpired.title': 'The link has expired',
  'link.receiptExpired':
    'The link was valid until {at}. Ask the coordinator for a new hand-off; a frozen draft is not sent again by itself.',
  'link.receiptSuperseded.title': 'The link is no longer valid',
  'link.receiptSuperseded':
    'The seat that received the report has had a new holder since it was handed off. Ask the coordinator to record the receipt instead.',
  'action.report.handedOff': 'report frozen and handed off',
  'dash.done.handedOff': 'The draft is frozen and sent. The hand-off task completes when the recipient confirms receipt.',
  'action.report.receipt': 'receipt of the report confirmed',
};
