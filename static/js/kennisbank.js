/* Kennisitem form: the praktijkvoorbeeld fields only for that soort.
 * Without JavaScript the fieldset stays visible with a note, and the server keeps the fields for a praktijkvoorbeeld
 * only. Hidden here means hidden *and* disabled, so the fields are neither read out nor sent. */
(function () {
  'use strict'

  function init () {
    const form = document.querySelector('form.kennisitem-form')
    if (!form) return
    const soort = form.querySelector('select[name="soort"]')
    const groepen = form.querySelectorAll('fieldset[data-soort]')

    function toon () {
      groepen.forEach(function (groep) {
        const weg = groep.dataset.soort !== soort.value
        groep.hidden = weg
        groep.disabled = weg
      })
    }

    soort.addEventListener('change', toon)
    form.querySelectorAll('[data-zonder-js]').forEach(function (uitleg) { uitleg.hidden = true })
    toon()

    // After a failed save: start at the list of errors, which links to each field.
    const overzicht = document.getElementById('foutoverzicht')
    if (overzicht) overzicht.focus()
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
