# Hasil pamariksaan berkas ku petugas ("cek berkas"), dikintunkeun ka warga.

berkas-verdict-ok = ok
berkas-verdict-unclear = teu jelas
berkas-verdict-wrong = lepat dokumen
berkas-verdict-missing = teu acan aya

berkas-result-complete = *Berkas parantos lengkep, mangga sumping dina { $date }.*
    Nomer tiket: *{ $ticket }*
    Palayanan: { $document }
    Petugas parantos mariksa poto berkas Bapa/Ibu. Mangga sumping ka Kantor Kacamatan Leuwiliang tabuh { $opens }–{ $closes } WIB bari nyandak berkas aslina.
berkas-result-incomplete = *Kedah dilengkepan:*
    { $items }
    Nomer tiket: *{ $ticket }* ({ $document }, { $date })
    Kintunkeun deui potona ku nyerat *cek berkas*, atanapi candak berkas anu leres nalika sumping.
berkas-result-item = { $item }: { $verdict }
berkas-result-item-note = { $item }: { $verdict } ({ $note })
berkas-value = { $value }

## Template WhatsApp kanggo hasil di luar jandéla 24 jam (`cekbae templates`)
berkas-template-result = Hasil pamariksaan berkas kanggo tiket { $ticket } di Kantor Kacamatan Leuwiliang: { $result }
berkas-result-short-complete = berkas parantos lengkep, mangga sumping dina { $date }.
berkas-result-short-incomplete = kedah dilengkepan: { $items }
