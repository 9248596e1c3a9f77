# CEK BAE WA (Cek Berkas Lewat WhatsApp), Kecamatan Leuwiliang.
# Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.

## Greeting and menus

# $salam is the greeting word the resident opened with, to answer it in kind.
adminduk-greeting =
    { $salam ->
        [assalamualaikum] Waalaikumsalam. Thank you for contacting *CEK BAE WA* (Cek Berkas Lewat WhatsApp: check your documents via WhatsApp) of Leuwiliang Subdistrict (Kecamatan Leuwiliang). Stay healthy!
        [assalamu] Waalaikumsalam. Thank you for contacting *CEK BAE WA* (Cek Berkas Lewat WhatsApp: check your documents via WhatsApp) of Leuwiliang Subdistrict (Kecamatan Leuwiliang). Stay healthy!
       *[other] Thank you for contacting *CEK BAE WA* (Cek Berkas Lewat WhatsApp: check your documents via WhatsApp) of Leuwiliang Subdistrict (Kecamatan Leuwiliang). Stay healthy!
    }
    Here you can check which documents to bring and book a service appointment.
    Write your request in this format: *KTP <NIK> BARU/RUSAK/HILANG* (new/damaged/lost)
    Example: KTP 3201xxxxxxxxxxxx HILANG
    Type *bantuan* (help) at any time if you need help, *menu* to start over, or *bahasa* (language) to change language.
adminduk-upcoming-ticket = You still have ticket *{ $ticket }* for { $date }.
adminduk-menu-ask = Which document do you want to apply for? Reply with the number of your choice:
adminduk-menu-not-understood = Sorry, we did not understand which document you mean. Write its name, for example *KTP lost* or *birth certificate*, or reply with an option number.
adminduk-confirm-one = Do you mean *{ $choice }*? Reply *yes* or *no*.
adminduk-confirm-two = Do you mean *{ $first }* or *{ $second }*? Reply with an option number.
adminduk-confirm-declined = All right, sorry for the misunderstanding.
adminduk-option-yes = Yes
adminduk-option-no = No
adminduk-option-neither = Neither
adminduk-not-served = Sorry, that service is not available through CEK BAE WA. Please ask at the sub-district office or Disdukcapil directly.
adminduk-greeting-again =
    { $salam ->
        [assalamualaikum] Waalaikumsalam, how can we help?
        [assalamu] Waalaikumsalam, how can we help?
       *[other] Hello, how can we help?
    }
adminduk-desa-noted = Thank you, we have noted that you live in Desa { $desa }.
adminduk-thanks-reply = You are welcome; we hope it all goes smoothly.
adminduk-reason-ask = What is your reason for the { $document }? Reply with the number of your choice:
adminduk-reason-not-understood = Sorry, we did not understand your reason.
adminduk-reason-not-applicable = The reason "{ $reason }" is not available for { $document }.

## Requirements, data protection and NIK

adminduk-requirements =
    Requirements for *{ $document } – { $reason }*, please bring:
    { $items }
adminduk-free = All civil registration (adminduk) services are *FREE*; no fee of any kind is charged.
adminduk-privacy = *Data protection:* your NIK is requested only to record your pickup appointment. It is kept for at most { $days } days after the pickup date and then deleted. Your NIK is not shared with any other party. By sending your NIK, you agree to this use.
adminduk-privacy-by-schedule = *Data protection:* the NIK you sent is used only to record your pickup appointment and is kept for at most { $days } days after the pickup date, then deleted. By choosing a day, you agree to this use. Type *batal* (cancel) if you do not agree.
adminduk-nik-ask = Please send the applicant's *NIK* (16-digit national identity number), as shown on the KTP-el (electronic ID card) or the Kartu Keluarga (family card).
adminduk-nik-received = NIK { $nik } received.
adminduk-nik-not-understood = Sorry, your message does not contain a NIK yet. A NIK has 16 digits and is printed on the KTP-el or the Kartu Keluarga.
adminduk-nik-error-length = A NIK must have 16 digits; you sent { $found } digits. Please check it again.
adminduk-nik-error-not_digits = A NIK contains digits only. Please check it again.
adminduk-nik-error-province = The province code in the NIK (the first two digits) is not recognised. Please check it again.
adminduk-nik-error-birth_day = The day of birth in the NIK (digits 7 and 8) is not valid. Please check it again.
adminduk-nik-error-birth_month = The month of birth in the NIK (digits 9 and 10) is not valid. Please check it again.
adminduk-nik-error-birth_date = The date of birth in the NIK is not valid. Please check it again.
adminduk-nik-error-serial = The serial number in the NIK (the last four digits) is not valid. Please check it again.
adminduk-nik-is-kk-number = That is a family card (KK) number, not a NIK, and we have not kept it. The NIK is the 16 digits next to the applicant's name on the KTP-el or the KK.
adminduk-nik-too-many = There seems to be a problem with the NIK. You can send the NIK again, or choose:
adminduk-option-help = Help
adminduk-option-menu = Main menu

## Schedule and ticket

adminduk-schedule-ask = Please choose a pickup day (service hours { $opens }–{ $closes } WIB):
adminduk-schedule-day = { $date } (places left: { $left })
adminduk-schedule-none = Sorry, all days in the next { $days } days are fully booked. Please try again tomorrow, or come to the subdistrict office (kantor kecamatan) on a working day.
adminduk-schedule-full = Sorry, { $date } has just become fully booked. Please choose another day.
adminduk-schedule-not-understood = Sorry, we did not catch which day you mean. Reply with one of the numbers below, or write the day, e.g. *Tuesday* or *2 December*.
adminduk-ticket = *Your appointment has been recorded.*
    Ticket number: *{ $ticket }*
    Service: { $document } – { $reason }
    Day: { $date }, { $opens }–{ $closes } WIB
    Place: Leuwiliang Subdistrict Office (Kantor Kecamatan Leuwiliang)

    Remember to bring:
    { $items }

    The applicant must come in person and show this ticket number to the staff. This service is free of charge.
adminduk-done-info = Your ticket: *{ $ticket }* for { $date }. Type *menu* to make another request.
adminduk-cancelled = Your request has been cancelled and the data you sent has been deleted from this conversation.
adminduk-cancel-after-ticket = The conversation has started again. Ticket *{ $ticket }* for { $date } is still valid; to cancel it, please tell the staff.
adminduk-error = Sorry, there is a problem with the system. Please try again in a moment.

## Help per step

adminduk-help-menu = Choose a document by replying with its number (for example *1* for KTP-el), or write your request directly, for example *KTP 3201xxxxxxxxxxxx HILANG*. Type *kembali* (back) to go back one step, *batal* (cancel) to cancel, or *bahasa* (language) to change language.
adminduk-help-reason = Choose your reason: *baru* (new) if you have never had the document, *rusak* (damaged) if the document is damaged, *hilang* (lost) if the document is lost, *perubahan* (change) if some of the data has changed or is wrong.
adminduk-help-nik = The NIK (Nomor Induk Kependudukan, national identity number) is the 16-digit number printed on the KTP-el and on the Kartu Keluarga, next to the name. Send the NIK of the person who will be served. You may write it with spaces or dots, for example 3201 0145 0290 0003.
adminduk-help-schedule = Reply with the number of the day you choose, or write the day, e.g. *Tuesday*, *tomorrow* or *2 December*. Only working days are shown; national public holidays and collective leave days (cuti bersama) are not available.
adminduk-help-done = Your appointment has been recorded. Please come on the chosen day and bring the required documents. Type *menu* to make another request.

## Documents and reasons (labels in menus)

doc-ktp_el = KTP-el (ID card)
doc-kk = Family card (KK)
doc-akta_kelahiran = Birth certificate
doc-akta_kematian = Death certificate
doc-pindah = Moving letter (pindah)
doc-kia = Child ID card (KIA)
reason-baru = New
reason-rusak = Damaged
reason-hilang = Lost
reason-perubahan = Data change

## Desa of Kecamatan Leuwiliang (names, the same in every language)

desa-leuwiliang = Leuwiliang
desa-purasari = Purasari
desa-karyasari = Karyasari
desa-pabangbon = Pabangbon
desa-karacak = Karacak
desa-barengkok = Barengkok
desa-leuwimekar = Leuwimekar
desa-puraseda = Puraseda
desa-cibeber_1 = Cibeber I
desa-cibeber_2 = Cibeber II
desa-karehkel = Karehkel

## Requirement items (domain.md section 1)

req-ktp-eligibility = At least 17 years old, or married now or before (bring the buku nikah/marriage certificate if under 17)
req-kk-copy = Photocopy of the Kartu Keluarga (KK, family card)
req-ktp-biometric = The applicant comes in person to have their photo, fingerprints, iris and signature recorded (this cannot be done by a representative)
req-ktp-damaged = The damaged KTP-el (handed in when you receive the new KTP-el)
req-police-letter = Certificate of loss (surat keterangan kehilangan) from the Police (free of charge; check how long it stays valid)
req-kk-updated = The updated Kartu Keluarga (the change is recorded in the KK first)
req-ktp-old = Old KTP-el
req-change-proof = Proof of the change: buku nikah/divorce certificate/spouse's death certificate, school diploma, employment decree (SK), birth certificate, or court decision (depending on the data that changed)
req-kk-new-family = A new family: buku nikah/extract of the marriage certificate; after a divorce: the divorce certificate
req-kk-split = A separate KK at the same address (applicant aged 17 or over, or married or once married): photocopy of the old KK and form F-1.02, no buku nikah needed
req-sptjm-missing = If there is no buku nikah or divorce certificate: an SPTJM statement of an unregistered marriage/divorce (form F-1.05, Permendagri 109/2019); if another population document is missing: a statement of not holding it (form F-1.04)
req-skpwni-if-moving = SKPWNI (moving letter), if you are coming from another region
req-death-cert-head = Photocopy of the death certificate and the old KK, if the head of the family has died
req-kk-damaged = The damaged Kartu Keluarga
req-ktp-el = KTP-el
req-kk-old = Old Kartu Keluarga
req-event-proof = Proof of the event: birth certificate, buku nikah, death certificate, SKPWNI, or another certificate matching the change
req-birth-letter = Birth letter (surat keterangan kelahiran) from the hospital/doctor/midwife, or from the village office for a home birth (if there is none: an SPTJM statement on the correctness of the birth data, form F-2.03, with 2 witnesses)
req-parents-marriage = The parents' buku nikah/extract of the marriage certificate (if there is none: an SPTJM statement that they are husband and wife, form F-2.04)
req-kk = Kartu Keluarga (KK)
req-parents-ktp = KTP-el of both parents
req-death-letter = Death letter (surat keterangan kematian) from a doctor/hospital/puskesmas (community health centre), or from the village head (if there is none: an SPTJM statement on the correctness of the death data)
req-deceased-kk-ktp = KK and KTP-el of the deceased
req-reporter-witness = KTP-el of the person reporting and of 2 witnesses
req-form-f103 = Form F-1.03 (available at the subdistrict office)
req-owner-statement = Statement of no objection from the house owner, if you are joining someone else's KK, renting, leasing (kontrak) or living in a boarding house (kos)
req-skpwni-incoming = For moving in: SKPWNI from your region of origin and your old KTP-el/KIA
req-child-birth-cert = Photocopy of the child's birth certificate extract (show the original)
req-kk-parents-original = Original KK of the parents/guardian
req-parents-ktp-original = Original KTP-el of both parents/guardians
req-child-photo = 2 colour passport photos, 2×3 size, for children aged 5 and over
req-kia-damaged = The damaged KIA
req-akta-police-letter = Police report of the loss (surat keterangan kehilangan; some offices accept a signed statement of loss)
req-akta-old-copy = A photocopy of the lost certificate, if you still have one
req-akta-damaged = The damaged original certificate
req-applicant-ktp = The applicant's KTP-el
note-akta-second-copy = The replacement is issued as a second extract (kutipan kedua)
note-akta-lookup = Without a photocopy, the certificate is looked up by NIK
note-akta-proxy = If someone applies for you: a power of attorney (form F-1.07) and that person's KTP-el
note-ktp-in-person = The KTP-el must be applied for by its owner in person
note-birth-kia = For babies, the KIA is issued together with the birth certificate
note-birth-deadline = A birth should be reported no later than 60 days after the birth
note-death-deadline = A death is to be reported no later than 30 days after it occurs
note-kia-parent = The KIA application is submitted by a parent/guardian

## Dates

date-long = { $weekday }, { $day } { $month } { $year }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Handover to a petugas

adminduk-option-human = Contact a staff member
adminduk-stuck = It seems we have not understood what you mean. Would you like help from a staff member? Or choose:
adminduk-handover-open = We have passed your request on to a staff member, who will reply in this chat (service hours { $opens }–{ $closes } WIB). Type *menu* if you want to go back to the automatic service.
adminduk-handover-closed = We have passed your request on to a staff member. It is now outside service hours; a staff member will reply on { $date } from { $opens } WIB. Type *menu* if you want to go back to the automatic service.
adminduk-appointment-cancelled = Your appointment with ticket *{ $ticket }* for { $date } has been cancelled by the staff. Type *menu* to book a new appointment.

## Satisfaction survey (SKM, PermenPANRB 14/2017)

adminduk-survey-invite = Help us improve our service: would you like to fill in the *Community Satisfaction Survey* (Survei Kepuasan Masyarakat; 9 short questions, no NIK needed)?
adminduk-option-survey-yes = Yes, take the survey
adminduk-option-survey-no = No, thank you
adminduk-option-skip = Skip
adminduk-survey-declined = All right, thank you. We hope everything goes smoothly for you.
adminduk-survey-question = *Survey { $number }/9* – { $question }
adminduk-survey-not-understood = Please reply with a number from 1–4, or type *skip* to skip this question.
adminduk-survey-thanks = Thank you for your rating. Your feedback helps us improve the services of Leuwiliang Subdistrict (Kecamatan Leuwiliang).
skm-u1-question = How well do the service requirements match the type of service?
skm-u1-answer-1 = Not suitable
skm-u1-answer-2 = Not very suitable
skm-u1-answer-3 = Suitable
skm-u1-answer-4 = Very suitable
skm-u2-question = How easy is the service procedure at this service unit?
skm-u2-answer-1 = Not easy
skm-u2-answer-2 = Not very easy
skm-u2-answer-3 = Easy
skm-u2-answer-4 = Very easy
skm-u3-question = How quickly is the service delivered?
skm-u3-answer-1 = Not fast
skm-u3-answer-2 = Not very fast
skm-u3-answer-3 = Fast
skm-u3-answer-4 = Very fast
skm-u4-question = How reasonable are the costs/fees of the service?
skm-u4-answer-1 = Very expensive
skm-u4-answer-2 = Fairly expensive
skm-u4-answer-3 = Cheap
skm-u4-answer-4 = Free
skm-u5-question = How well do the service products listed in the service standard match what was actually delivered?
skm-u5-answer-1 = Not suitable
skm-u5-answer-2 = Not very suitable
skm-u5-answer-3 = Suitable
skm-u5-answer-4 = Very suitable
skm-u6-question = How competent/capable are the staff in providing the service?
skm-u6-answer-1 = Not competent
skm-u6-answer-2 = Not very competent
skm-u6-answer-3 = Competent
skm-u6-answer-4 = Very competent
skm-u7-question = How is the staff's behaviour in providing the service, in terms of politeness and friendliness?
skm-u7-answer-1 = Not polite or friendly
skm-u7-answer-2 = Not very polite/friendly
skm-u7-answer-3 = Polite and friendly
skm-u7-answer-4 = Very polite and friendly
skm-u8-question = What is the quality of the service facilities and infrastructure?
skm-u8-answer-1 = Poor
skm-u8-answer-2 = Fair
skm-u8-answer-3 = Good
skm-u8-answer-4 = Very good
skm-u9-question = How are complaints, suggestions and feedback from service users handled?
skm-u9-answer-1 = Not available
skm-u9-answer-2 = Exists but not working
skm-u9-answer-3 = Works, but not optimally
skm-u9-answer-4 = Well managed

## Issue 12 (parts 2 and 5): days named in words, why a day cannot be picked,
## the end of the known calendar, local closures and moved appointments

adminduk-schedule-past = Sorry, { $date } is already over.
adminduk-schedule-after-closing = Sorry, today's service has ended (the counter closes at { $closes } WIB).
adminduk-schedule-weekend = Sorry, { $date } falls on a weekend; the subdistrict office serves Monday to Friday.
adminduk-schedule-holiday = Sorry, { $date } is a national holiday ({ $name }); the office is closed.
adminduk-schedule-cuti-bersama = Sorry, { $date } is a collective leave day, cuti bersama ({ $name }); the office is closed.
adminduk-schedule-estimate = The date of this holiday is still the government's estimate and may shift.
adminduk-schedule-closure = Sorry, the subdistrict office is closed on { $date }.
adminduk-schedule-closure-reason = Sorry, the subdistrict office is closed on { $date }: { $reason }.
adminduk-schedule-day-full = Sorry, { $date } is fully booked.
adminduk-schedule-beyond-horizon = Sorry, { $date } is too far ahead; you can choose a day up to { $last }.
adminduk-schedule-beyond-calendar = Sorry, { $date } cannot be chosen yet: the holidays after { $until } have not been set by the government.
adminduk-schedule-no-such-date = Sorry, that date does not exist.
adminduk-schedule-nearest = There is more than one { $weekday } in the list; we took the nearest, { $date }.
adminduk-schedule-calendar-end = Days after { $until } cannot be chosen yet: next year's holidays have not been set by the government.
adminduk-schedule-none-calendar = Sorry, no day can be chosen yet: the holidays after { $until } have not been set by the government. Please try again later, or come to the subdistrict office on a working day.
adminduk-handover-closed-later = We have passed your request on to a staff member. It is now outside service hours; a staff member will reply on the next working day from { $opens } WIB. Type *menu* if you want to go back to the automatic service.
adminduk-reschedule-ask = Your appointment with ticket *{ $ticket }* for { $date } has to move. Please choose another day (service hours { $opens }–{ $closes } WIB):
adminduk-reschedule-moved = *Your appointment has moved to { $date }.* Ticket *{ $old }* is no longer valid; use the new ticket below.
adminduk-reschedule-kept = The subdistrict office is open on { $date } after all; your appointment with ticket *{ $ticket }* stands.
adminduk-reschedule-left = All right, the appointment with ticket *{ $ticket }* has not moved; the office is closed on { $date }. When you contact us again, we will offer you another day.
adminduk-reschedule-gone = The appointment with ticket *{ $ticket }* is no longer active, so there is nothing to move.
adminduk-help-reschedule = The subdistrict office is closed on the day of your appointment. Reply with the number of another day, or write the day, e.g. *Thursday* or *3 December*. Type *batal* if you do not want to move it now.

## Questions asked anywhere in the conversation (dialogues/adminduk/questions.toml)
## Every answer may use the office's details { $office } { $address } { $postal_code } { $email },
## the hours { $opens } { $closes }, { $status } (open/closed) with { $next } (the next opening day),
## { $document } when a document is known, and the topic's own args from questions.toml.

answer-hours = *Service hours of the { $office } office:* Monday–Friday, { $opens }–{ $closes } WIB.
    The office is closed on Saturdays, Sundays, national holidays and cuti bersama.
    { $status ->
        [open] The office is open now, until { $closes } WIB.
        [unknown] The office is closed now; its next opening day is not known yet, as the government has not set the next holidays.
       *[closed] The office is closed now; it opens again on { $next } at { $opens } WIB.
    }
answer-address = *{ $office } office*
    { $address } { $postal_code }
    Open Monday–Friday, { $opens }–{ $closes } WIB. E-mail: { $email }
answer-cost =
    All civil-registration services are *FREE* of charge (Law 24/2013, Article 79A): KTP-el, KK, birth and death certificates, moving letters and KIA, whether new, damaged, lost or changed.
    No officer at the village, the kecamatan or Disdukcapil may ask you for money, including "administration fees" or through a middleman (calo); doing so is a crime (Article 95B).
    If anyone asks you for money, do not pay, and report it to *SP4N-LAPOR!*: { $lapor_web } or SMS to { $lapor_sms } (type LAPOR, a space, and your report). You can also tell the Camat or Disdukcapil Kabupaten Bogor.
    A fine for reporting late (for example a birth certificate) is not such a charge; type *fine* to learn more.
answer-proxy = *Who must come in person:* KTP-el recording (photo, fingerprints, iris and signature) cannot be done by anyone else.
    Other services (KK, birth and death certificates, moving letters, KIA) may be handled by a family member listed on the same KK. Anyone outside the KK brings a *power of attorney* (form F-1.07) signed by both of you, and their own KTP-el.
    Name the document (for example *can someone else do my KK?*) for details.
answer-proxy-ktp_el = *KTP-el:* recording (photo, fingerprints, iris, signature) must be done by the owner and cannot be delegated.
    Reprinting a damaged or lost card, or one with changed data, needs no new recording. Whether a family member may collect the finished card (bringing the KK), ask the petugas: the owner may be asked to match their fingerprint.
answer-proxy-kk = *Family card (KK):* the head of the family or a member listed on the KK may handle it, bringing their KTP-el. Anyone else brings a power of attorney (form F-1.07) signed by both, and their own KTP-el.
answer-proxy-akta_kelahiran = *Birth certificate:* reported by a parent or relative (the reporter) with their KTP-el; the baby need not come. If someone else goes for you, they bring a power of attorney (form F-1.07) and their own KTP-el.
answer-proxy-akta_kematian = *Death certificate:* reported by the family of the deceased (the reporter) with their KTP-el and 2 witnesses. If someone else goes for you, they bring a power of attorney (form F-1.07) and their own KTP-el.
answer-proxy-pindah = *Moving letter:* handled by the head of the family for the members who move; a minor moving alone needs the parents' written consent. If someone else goes for you, they bring a power of attorney (form F-1.07) and their own KTP-el.
answer-proxy-kia = *KIA:* applied for by a parent or guardian with the KK and their KTP-el; the child need not come.
answer-duration = *Estimated times (not promises):*
    • KK, birth and death certificates, moving letters: when the papers are complete and the data verified, usually ready the same day; longer if the data must be checked.
    • KTP-el: on the day your papers are checked and, if needed, you are recorded; printing takes about { $ktp_days } working days, depending on blank cards in stock.
    • KIA: depends on blank cards in stock.
    The petugas will tell you when to collect your document.
answer-duration-ktp_el = *KTP-el (an estimate, not a promise):* on the day your papers are checked and, if needed, you are recorded. Printing usually takes about { $ktp_days } working days, depending on blank cards in stock; the petugas will tell you when to collect it.
answer-duration-kk = *Family card (an estimate, not a promise):* when the papers are complete and the data verified, usually ready the same day; longer if the data must be checked. The KK is printed on plain paper with an electronic signature and a QR code; you may also get a link and PIN to print it yourself, with no need for legalisation.
answer-duration-akta = *{ $document } (an estimate, not a promise):* when the papers are complete and the data verified, usually ready the same day; longer if the data must be checked. It is printed on plain paper with an electronic signature and a QR code; you may also get a link and PIN to print it yourself, with no need for legalisation.
answer-duration-pindah = *Moving letter (an estimate, not a promise):* when the papers are complete, usually ready the same day; longer if the data must be checked. The petugas will tell you when to collect it.
answer-duration-kia = *KIA (an estimate, not a promise):* depends on blank cards in stock. For babies, the KIA is issued with the birth certificate. The petugas will tell you when to collect it.
answer-late-fee = *Late fees in Kabupaten Bogor:* a birth reported more than { $days } days after it happened is fined { $fee } ({ $rule }), subject to Disdukcapil's current rules.
    We know of no fine for other documents; please ask the petugas. Apart from official fines, every service is free.
answer-late-fee-akta_kelahiran = *Birth certificate:* a birth should be reported within { $days } days. After { $days } days, Kabupaten Bogor charges a fine of { $fee } ({ $rule }), subject to Disdukcapil's current rules. Even when late, the certificate can still be made with the same requirements.
answer-late-fee-other =
    For *{ $document }* we know of no late fee set by Kabupaten Bogor; please ask the petugas. The only fine we know of is for a birth reported more than { $days } days late ({ $fee }).
answer-bot =
    This is an *automatic* service (a bot), CEK BAE WA { $office }: your messages are answered by a system, not by a person.
    To talk to a petugas, type *petugas*; they answer during service hours, Monday–Friday { $opens }–{ $closes } WIB. You can also come to the office ({ $address }) or e-mail { $email }.
adminduk-office-phone = Office telephone: { $phone }
adminduk-location =
    The office on a map: { $latitude }, { $longitude }
    { $maps }
adminduk-location-name = { $office } office
adminduk-location-address = { $address } { $postal_code }

## Reminders and notices the office sends on its own

adminduk-reminder = *Reminder: your appointment is tomorrow.*
    Ticket: *{ $ticket }*
    Service: { $document }
    Day: { $date }, { $opens }–{ $closes } WIB
    Place: Leuwiliang subdistrict office

    Remember to bring:
    { $items }

    Will you come?
adminduk-reminder-how-to-stop = Don't want reminders? Type *stop reminders*. To turn them on again, type *start reminders*.
adminduk-option-reminder-come = I'll come
adminduk-option-reminder-change = Change day
adminduk-option-reminder-cancel = Cancel
adminduk-reminder-come-thanks = Thank you. See you on { $date }, { $opens }–{ $closes } WIB, at the Leuwiliang subdistrict office; show ticket *{ $ticket }* to the staff.
adminduk-reminder-change-ask = Please choose another day for ticket *{ $ticket }* (now { $date }; service hours { $opens }–{ $closes } WIB):
adminduk-reminder-change-left = All right, the appointment with ticket *{ $ticket }* stays on { $date }.
adminduk-reminder-cancelled = The appointment with ticket *{ $ticket }* for { $date } is cancelled and its place goes to another resident. Type *menu* to book a new one.
adminduk-reminder-gone = The appointment with ticket *{ $ticket }* is no longer active.
adminduk-help-reminder = We reminded you of your appointment tomorrow. Reply *1* if you will come, *2* to choose another day, or *3* to cancel.
adminduk-reminders-off = All right, you will get no more appointment reminders. Type *start reminders* to get them again.
adminduk-reminders-on = All right, reminders are on again: we remind you the day before your appointment.
adminduk-ready = *Your document is ready to collect.*
    Ticket: *{ $ticket }*
    Service: { $document }
    Please collect it at the Leuwiliang subdistrict office on a working day, { $opens }–{ $closes } WIB, showing this ticket.

## Message templates (reference; WhatsApp templates are registered in Indonesian)

adminduk-value = { $value }
adminduk-inline-list = { $items }
adminduk-template-reminder = Reminder: your appointment at the Leuwiliang subdistrict office is tomorrow. Ticket: { $ticket }. Day: { $date }, { $hours } WIB. Remember to bring: { $items }. Will you come?
adminduk-template-ready = Your document with ticket { $ticket } is ready. Please collect it at the Leuwiliang subdistrict office on a working day, { $hours } WIB.
adminduk-template-cancelled = The appointment with ticket { $ticket } for { $date } was cancelled by the staff. Reply to this message to book a new one.
adminduk-template-handover-reply = The Leuwiliang subdistrict staff replied to your message: { $text }
adminduk-template-example-text = We have received your documents; please come as scheduled.
