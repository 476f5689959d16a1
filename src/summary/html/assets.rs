//! The style sheet and the script every page carries inline.

/// Colours of the outcome groups, the same on every chart and legend.
pub const UPHELD: &str = "#b2182b";
pub const NOT_UPHELD: &str = "#2166ac";
pub const CLOSED: &str = "#9e9e9e";
pub const OTHER: &str = "#d9c8a9";
pub const DECISIONS: &str = "#6b8fb5";
pub const MONEY: &str = "#1a9850";
pub const FEW: &str = "#9a9a9a";

pub const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{margin:0 0 4px;font-size:26px}h2{margin-top:34px;border-bottom:2px solid #ddd;padding-bottom:4px}
nav{margin:6px 0;display:flex;flex-wrap:wrap;gap:2px 14px}nav a{white-space:nowrap}
a{color:#0b57a4}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.tile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:140px}
.tile b{display:block;font-size:24px;white-space:nowrap}
.tile .rate small{display:block;font-size:13px;font-weight:400}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:16px}
figure{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:10px;min-width:0}
figcaption{font-weight:600;margin-bottom:6px}
svg.chart{display:block;width:100%;height:auto}
svg text{font:13px system-ui,Arial,sans-serif;fill:#333}
.legend span{display:inline-block;margin-right:12px;font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13.5px}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
td.num,th.num{text-align:right}
.ref,.date,td.date{white-space:nowrap}
td.sum{min-width:18em}
thead th{background:#eef1f5;position:sticky;top:0}
table.sortable thead th{cursor:pointer}
tr:target{background:#fff3b0}
.rate small{color:#555;white-space:nowrap}
.few,.few small{color:#8a8a8a}
.muted{color:#666}
#filter-note{font-weight:600}
.note{background:#fff;border-left:4px solid #6b8fb5;padding:6px 10px}
@media (max-width:600px){header,main{padding:0 10px}.tile{min-width:0;flex:1 1 40%}.tile b{font-size:20px}h1{font-size:21px}}
@media print{nav,.noprint{display:none}body{background:#fff;font-size:10.5pt}header,main{max-width:none;padding:0}thead th{position:static}.scroll{overflow:visible}figure,.tile,tr{break-inside:avoid}h2{break-after:avoid}.charts{display:block}figure{margin-bottom:10px}svg.chart{max-height:8cm;width:auto;max-width:100%}a{color:inherit;text-decoration:none}}
"#;

pub const SCRIPT: &str = r#"
(function(){
  var body=document.body;
  window.addEventListener('error',function(e){body.setAttribute('data-check','error: '+e.message);});
  // Self-check for the browser test: every chart must have a mark of positive size...
  var charts=document.querySelectorAll('svg.chart'), empty=[];
  for(var i=0;i<charts.length;i++){
    var marks=charts[i].querySelectorAll('.mark'), ok=false;
    for(var j=0;j<marks.length;j++){var b=marks[j].getBBox();if(b.width>0&&b.height>0){ok=true;break;}}
    if(!ok)empty.push(charts[i].id);
  }
  body.setAttribute('data-charts',String(charts.length));
  body.setAttribute('data-check',empty.length?'empty: '+empty.join(' '):'ok');
  // ...and fit the window's width, without the page scrolling sideways.
  function fit(){
    var w=document.documentElement.clientWidth,bad=[];
    for(var i=0;i<charts.length;i++){var r=charts[i].getBoundingClientRect();if(r.left<-1||r.right>w+1)bad.push(charts[i].id);}
    if(document.documentElement.scrollWidth>w+1)bad.push('page');
    body.setAttribute('data-fit',bad.length?'overflow: '+bad.join(' '):'ok');
  }
  fit();window.addEventListener('resize',fit);
  window.addEventListener('load',function(){
    var n=performance.getEntriesByType&&performance.getEntriesByType('navigation')[0];
    body.setAttribute('data-load-ms',String(Math.round(n?n.loadEventStart:performance.now())));
  });
  // Figures link to #decisions?key=value: show only the decisions behind them.
  var table=document.getElementById('decisions-table'), note=document.getElementById('filter-note');
  if(table&&note){
    var rows=table.tBodies[0].rows, labels={};
    try{labels=JSON.parse(document.getElementById('filter-labels').textContent);}catch(e){}
    var org=body.getAttribute('data-organisation')||'';
    var applyFilter=function(){
      var h=decodeURIComponent(location.hash||'');
      if(h.indexOf('#decisions?')!==0){
        for(var i=0;i<rows.length;i++)rows[i].hidden=false;
        note.textContent='';return;
      }
      var pairs=h.slice(11).split('&').map(function(p){var k=p.split('=');return [k[0],k.slice(1).join('=')];});
      var n=0;
      for(var i=0;i<rows.length;i++){
        var ok=pairs.every(function(p){return rows[i].getAttribute('data-'+p[0])===p[1];});
        rows[i].hidden=!ok;if(ok)n++;
      }
      var what=pairs.map(function(p){var l=labels[p[0]];if(!l)return p[0]+' '+p[1];return ((l._||'')+' '+(l[p[1]]||p[1])).trim();});
      note.textContent='Showing '+n.toLocaleString('en-GB')+' of the '+rows.length.toLocaleString('en-GB')+' decisions of '+org+' listed on this page: '+what.join(', ')+'. ';
      var a=document.createElement('a');a.href='#decisions';a.textContent='Show all';note.appendChild(a);
      document.getElementById('decisions').scrollIntoView();
    };
    window.addEventListener('hashchange',applyFilter);applyFilter();
  }
  // Click a column heading of a sortable table to sort by it. Cells with an
  // empty data-v (a rate on too few decisions, n/a) always sort last.
  var tables=document.querySelectorAll('table.sortable');
  for(var t=0;t<tables.length;t++)(function(table){
    var ths=table.querySelectorAll('thead th');
    for(var c=0;c<ths.length;c++)(function(col,th){
      th.title='Sort by this column';
      th.addEventListener('click',function(){
        var tb=table.tBodies[0],rs=Array.prototype.slice.call(tb.rows),dir=th.getAttribute('data-dir')==='asc'?-1:1;
        th.setAttribute('data-dir',dir===1?'asc':'desc');
        rs.sort(function(a,b){
          var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
          if(x!==null&&y!==null){
            if(x===''||y==='')return (x==='')-(y==='');
            return dir*(parseFloat(x)-parseFloat(y));
          }
          return dir*a.cells[col].textContent.localeCompare(b.cells[col].textContent);
        });
        rs.forEach(function(r){tb.appendChild(r);});
      });
    })(c,ths[c]);
  })(tables[t]);
})();
"#;
