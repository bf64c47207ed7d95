/* Rating form: focus the error summary after a failed save, and per criterion say which texts the chosen score makes
 * required (5 or lower: motivation and a proposed afspraak; 9 or higher: motivation). Without JavaScript the hints
 * under each field say the same, and the server checks it on submit. */
(function () {
  'use strict'

  function init () {
    const overzicht = document.getElementById('foutoverzicht')
    if (overzicht) overzicht.focus()
    document.querySelectorAll('[data-score-groep]').forEach(function (groep) {
      const criterium = groep.dataset.scoreGroep
      const motivering = document.getElementById('id_c' + criterium + '_motivering')
      const afspraak = document.getElementById('id_c' + criterium + '_voorgestelde_afspraak')

      function markeer () {
        const gekozen = groep.querySelector('input:checked')
        const score = gekozen && /^\d+$/.test(gekozen.value) ? Number(gekozen.value) : null
        zetVerplicht(motivering, score !== null && (score <= 5 || score >= 9))
        zetVerplicht(afspraak, score !== null && score <= 5)
      }

      groep.addEventListener('change', markeer)
      markeer()
    })
  }

  function zetVerplicht (veld, verplicht) {
    if (!veld) return
    const label = document.querySelector('label[for="' + veld.id + '"]')
    let teken = label && label.querySelector('.beoordeling-verplicht')
    if (verplicht && label && !teken) {
      teken = document.createElement('span')
      teken.className = 'beoordeling-verplicht'
      teken.textContent = ' (verplicht bij deze score)'
      label.appendChild(teken)
    } else if (!verplicht && teken) {
      teken.remove()
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
