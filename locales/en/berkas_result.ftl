# The result of a staff member's check of the papers a resident sent ("cek berkas").

berkas-verdict-ok = ok
berkas-verdict-unclear = not readable
berkas-verdict-wrong = wrong document
berkas-verdict-missing = missing

berkas-result-complete = *Your papers are complete; please come on { $date }.*
    Ticket: *{ $ticket }*
    Service: { $document }
    The staff checked the photos of your papers. Come to the Leuwiliang subdistrict office, { $opens }–{ $closes } WIB, and bring the originals.
berkas-result-incomplete = *Still needed:*
    { $items }
    Ticket: *{ $ticket }* ({ $document }, { $date })
    Send the photos again by writing *cek berkas*, or bring the right papers when you come.
berkas-result-item = { $item }: { $verdict }
berkas-result-item-note = { $item }: { $verdict } ({ $note })
berkas-value = { $value }

## WhatsApp template for the result outside the 24-hour window (`cekbae templates`)
berkas-template-result = Result of the check of your papers for ticket { $ticket } at the Leuwiliang subdistrict office: { $result }
berkas-result-short-complete = complete, please come on { $date }.
berkas-result-short-incomplete = still needed: { $items }
