/* Registration form: show only the organisation fields that belong to the chosen option.
 * Without JavaScript every field stays visible and the server decides which ones count. The group that does not
 * apply is hidden *and* disabled, so its fields are neither read out nor sent (nor validated). */
(function () {
  'use strict'

  function init () {
    const form = document.querySelector('form.kring-registratie')
    if (!form) return
    const keuzes = form.querySelectorAll('input[name="organisatie_keuze"]')
    const groepen = form.querySelectorAll('fieldset[data-keuze]')

    function toon () {
      const gekozen = form.querySelector('input[name="organisatie_keuze"]:checked')
      groepen.forEach(function (groep) {
        const weg = gekozen !== null && groep.dataset.keuze !== gekozen.value
        groep.hidden = weg
        groep.disabled = weg
      })
    }

    keuzes.forEach(function (keuze) { keuze.addEventListener('change', toon) })
    form.querySelectorAll('[data-zonder-js]').forEach(function (uitleg) { uitleg.hidden = true })
    toon()

    // After a failed submit: start at the list of errors, which links to each field.
    const overzicht = document.getElementById('foutoverzicht')
    if (overzicht) overzicht.focus()
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
