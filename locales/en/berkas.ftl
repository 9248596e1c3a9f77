# Cek berkas: the resident sends photos or PDFs of the papers of their booking, for a petugas to check
# before the trip. Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.
# $item is a requirement's label (adminduk.ftl, req-*); $date is a whole date ("Monday, 30 November 2026").

berkas-offer = *Have your papers checked before you come:* send photos or PDFs of the requirements above in this chat and a staff member will check them, so you do not travel in vain. Choose *Check documents* or type *check documents*.
berkas-option-start = Check documents
berkas-option-next = Next
berkas-option-skip = Skip
berkas-option-done = Done
berkas-intro = *Document check* for ticket *{ $ticket }* ({ $document }, { $date }). Send clear photos or PDFs, one at a time, at most { $mb } MB each. Type *skip* if you do not have a paper yet, *done* when you have sent enough.
berkas-nearest = You have { $count } appointments; this is the nearest one.
berkas-ask = *Send a photo ({ $number }/{ $total }):* { $item }
berkas-received = Received for *{ $item }* ({ $count ->
        [one] 1 file
       *[other] { $count } files
    }). Send another page, or choose *Next*, *Skip* or *Done*.
berkas-received-unasked = We received your file as *{ $item }* for ticket *{ $ticket }* ({ $date }). If that is wrong, the staff can move it to the right paper. Type *check documents* to send the papers one by one.
berkas-item-other = Other paper
berkas-not-understood = Sorry, we are waiting for a photo or PDF of the paper. Send the file, or type *skip* for the next paper, *done* to stop.
berkas-help = Send a photo (close up, well lit, nothing cut off) or a PDF of the paper asked for. One paper may take several photos. Type *next* for the next paper, *skip* if you do not have it, *done* to stop. The staff will check them and tell you the result in this chat.
berkas-summary = Thank you. The papers for ticket *{ $ticket }* ({ $date }) go to the staff for checking; we will send you the result in this chat.
berkas-summary-sent =
    Sent:
    { $items }
berkas-summary-sent-item = { $item } ({ $count ->
        [one] 1 file
       *[other] { $count } files
    })
berkas-summary-missing =
    Not sent or skipped (bring the originals when you come):
    { $items }
berkas-summary-nothing = No file has been sent for ticket *{ $ticket }* yet. Type *check documents* any time to send them.
berkas-no-booking = To have your papers checked, please make an appointment first. Type *menu*, choose the document, then send photos of the papers once you have your ticket.
berkas-no-booking-file = Thank you, but we cannot take this file yet because you have no appointment. Type *menu* to choose a document and make an appointment; once you have your ticket, send the photos again. This file has not been kept.
berkas-booking-gone = The appointment with ticket *{ $ticket }* is no longer valid, so we no longer ask for its papers. Type *menu* to make a new appointment.
berkas-file-of = The file for *{ $item }* (ticket { $ticket }):
berkas-refused-type = Sorry, we cannot accept this kind of file. Please send a photo (JPG, PNG or WebP) or a PDF. This file has not been kept.
berkas-refused-size = Sorry, this file is too large (at most { $mb } MB). Please send a normal photo rather than the original-size document, or a smaller PDF. This file has not been kept.
berkas-refused-count = Sorry, ticket *{ $ticket }* already has { $max } files, the most we can accept. This file has not been kept; the staff will check the ones already sent.
berkas-fetch-failed = Sorry, we could not get this file from WhatsApp/Telegram. Please send it once more.
berkas-unavailable = Sorry, we cannot receive files at the moment. Please bring the original papers when you come.
