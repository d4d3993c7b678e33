extension AuditHTML {
    /// The page's only stylesheet: system fonts, cards, a two-column grid that stacks on phones, print-friendly.
    static let stylesheet: HTML = """
        :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#3d7dd8}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1120px;margin:0 auto;padding:28px 20px 40px}
        header h1{margin:0 0 4px;font-size:30px;overflow-wrap:anywhere}
        .eyebrow{margin:0;color:var(--accent);font-weight:600;text-transform:uppercase;letter-spacing:.06em;font-size:12px}
        .sub{margin:0 0 20px;color:var(--muted)}
        h2{font-size:17px;margin:0 0 12px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin-bottom:16px;min-width:0}
        .hero{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:16px}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        .hero>.card,.grid>.card{margin-bottom:0}
        .hero,.grid,.kpis{margin-bottom:16px}
        .headline{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 20px;border-left:4px solid #d64545}
        .headline h2{margin:0;flex-basis:100%}
        .headline .value{font-size:44px;font-weight:800;line-height:1}
        .headline .note{color:var(--muted)}
        .aqs{font-size:64px;font-weight:800;line-height:1}
        .aqs.good{color:#2f9e6b}.aqs.fair{color:#e8a33d}.aqs.poor{color:#d64545}.aqs.none{color:#9aa5b1}
        .aqs span{font-size:22px;color:var(--muted);font-weight:600;margin-left:4px}
        .gauge{display:block;width:100%;height:10px;margin:12px 0 14px}
        .components{width:100%;border-collapse:collapse;font-size:13px}
        .components caption{text-align:left;color:var(--muted);font-size:12px;padding-bottom:4px}
        .components td{padding:2px 0}
        .findings h2{margin-top:0}
        .findings h2+ul,.findings h2+p{margin-top:0}
        .findings ul{margin:0 0 14px;padding-left:0;list-style:none}
        .findings li{padding:6px 10px;border-radius:6px;margin-bottom:6px}
        .problems li{background:#fdecec;border-left:4px solid #d64545}
        .strengths li{background:#e8f6ef;border-left:4px solid #2f9e6b}
        .kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
        .kpi{margin:0}
        .kpi .label{color:var(--muted);font-size:13px}
        .kpi .value{font-size:28px;font-weight:700}
        .kpi .note{color:var(--muted);font-size:12px}
        .kpi.reach{border-color:#2f9e6b;box-shadow:inset 0 3px 0 #2f9e6b}
        table.data{width:100%;border-collapse:collapse;font-size:14px;margin-top:8px}
        table.data th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
        table.data td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top;overflow-wrap:anywhere}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .nowrap{white-space:nowrap}
        .muted{color:var(--muted);font-size:13px}
        .swatch{display:inline-block;width:10px;height:10px;margin-right:6px}
        .handle{font-weight:600}
        .name{color:var(--muted)}
        ul.signals{margin:0;padding-left:18px}
        svg.chart{display:block;max-width:100%;height:auto;margin:4px 0}
        footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);margin-top:24px;padding-top:12px}
        .synthetic{background:#fff8e6;border:1px solid #f0d58c;border-radius:8px;padding:8px 12px;color:var(--ink)}
        code{font-size:13px}
        @media (max-width:800px){.hero,.grid{grid-template-columns:1fr}.kpis{grid-template-columns:repeat(2,1fr)}}
        @media print{body{background:#fff}.card{break-inside:avoid}}
        """
}
